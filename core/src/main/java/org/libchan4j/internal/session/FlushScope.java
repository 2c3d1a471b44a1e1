package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal: per thread, the sessions whose queued frames wait until the completions running on this thread are
 * done, so that what their callbacks send (a reply and its channel's END, the next message of a pump) leaves in
 * one transport message with what came before. A blocking wait in the library flushes first
 * ({@link #beforeBlocking}), so nothing a callback queued waits for the callback's own wait.
 */
final class FlushScope {
  private static final ThreadLocal<FlushScope> CURRENT = ThreadLocal.withInitial(FlushScope::new);

  private int depth;
  private final List<SessionImpl> pending = new ArrayList<>(2);

  private FlushScope() {}

  static FlushScope current() {
    return CURRENT.get();
  }

  /** Flushes {@code session} now, or at the end of the completions this thread is running. */
  void flush(SessionImpl session) {
    if (depth == 0) {
      session.flushTransport();
    } else if (!pending.contains(session)) {
      pending.add(session);
    }
  }

  /** Runs completions collected under a session lock; the outermost run flushes what they queued. */
  void run(List<Runnable> completions) {
    depth++;
    try {
      for (Runnable r : completions) r.run();
    } finally {
      depth--;
    }
    if (depth == 0) flushPending();
  }

  private void flushPending() {
    while (!pending.isEmpty()) pending.remove(pending.size() - 1).flushTransport();
  }

  /** Before this thread blocks: writes what it queued inside completions. */
  static void beforeBlocking() {
    FlushScope scope = CURRENT.get();
    if (!scope.pending.isEmpty()) scope.flushPending();
  }
}
