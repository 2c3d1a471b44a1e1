package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Internal: where and when the frames a thread queued are written (the session calls {@link #flush} after
 * releasing its lock).
 *
 * <ul>
 *   <li>Inside a scope ({@link #run}: the transport delivering a message, completions running, a keepalive tick)
 *       frames wait until the scope ends and are then written on that thread: what a message's callbacks send (a
 *       reply and its channel's END, a pump's next message, the credits) leaves together in one write.
 *   <li>On any other thread {@link org.libchan4j.transport.Transport#scheduleFlush}: the transport writes on this
 *       thread when its connection was idle (a lone request pays no hand-off) and schedules its writer within a
 *       burst (the sender goes on, the writer batches); if this thread then waits in the library before that
 *       writer started, it writes the frames itself ({@link #beforeBlocking}).
 * </ul>
 */
final class FlushScope {
  private static final ThreadLocal<FlushScope> CURRENT = ThreadLocal.withInitial(FlushScope::new);
  /** More sessions than this waiting on one thread outside a scope are left to their scheduled writers. */
  private static final int MAX_PENDING = 16;

  private int depth;
  private final List<SessionImpl> pending = new ArrayList<>(2);

  private FlushScope() {}

  static FlushScope current() {
    return CURRENT.get();
  }

  /** {@code session} queued frames on its transport: write them at the end of the scope, or soon. */
  void flush(SessionImpl session) {
    if (depth == 0) session.scheduleFlush();
    if (!pending.contains(session)) {
      if (depth == 0 && pending.size() >= MAX_PENDING) return;
      pending.add(session);
    }
  }

  /** Runs completions collected under a session lock, in a scope. */
  void run(List<Runnable> completions) {
    depth++;
    try {
      for (Runnable r : completions) r.run();
    } finally {
      exit();
    }
  }

  /** Runs {@code action} in a scope: what it and its completions queue is written on this thread at the end. */
  <R> R run(Supplier<R> action) {
    depth++;
    try {
      return action.get();
    } finally {
      exit();
    }
  }

  private void exit() {
    if (--depth == 0) flushPending();
  }

  private void flushPending() {
    while (!pending.isEmpty()) pending.remove(pending.size() - 1).flushTransport();
  }

  /** Before this thread waits in the library: writes what it queued. */
  static void beforeBlocking() {
    FlushScope scope = CURRENT.get();
    if (!scope.pending.isEmpty()) scope.flushPending();
  }
}
