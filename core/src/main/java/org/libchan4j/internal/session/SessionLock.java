package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Internal: a session's lock and its discipline, in the manner of OkHttp's {@code RealWebSocket}: under the lock
 * the engine only changes state, queues frames on the transport and collects completions; after the lock is
 * released the frames are written and the completions run (through a {@link FlushScope}, which merges what those
 * completions send into one write). No transport I/O, no user callback and no completion of a user's future
 * happens while it is held.
 */
final class SessionLock {
  private final SessionImpl session;
  /** The monitor itself; {@code synchronized} on it for state-only sections that queue nothing. */
  final Object monitor = new Object();
  private List<Runnable> deferred = new ArrayList<>();
  private boolean unflushed;

  SessionLock(SessionImpl session) {
    this.session = session;
  }

  /** Under the lock: runs {@code completion} once the lock is released. */
  void defer(Runnable completion) {
    if (completion != null) deferred.add(completion);
  }

  /** Under the lock: a frame was queued on the transport; it is written once the lock is released. */
  void queued() {
    unflushed = true;
  }

  /** Under the lock: the completions collected so far, for a caller that runs them itself after the lock. */
  List<Runnable> drain() {
    if (deferred.isEmpty()) return List.of();
    List<Runnable> todo = deferred;
    deferred = new ArrayList<>();
    return todo;
  }

  /**
   * Runs {@code action} under the lock; then, with the lock released, writes the frames it queued and runs the
   * completions it collected, also when it threw. Nested calls run inline: the outermost does the rest.
   */
  <R> R run(Supplier<R> action) {
    if (Thread.holdsLock(monitor)) return action.get();
    R result = null;
    RuntimeException failure = null;
    List<Runnable> todo;
    boolean flush;
    Observation.Delta traffic;
    synchronized (monitor) {
      try {
        result = action.get();
      } catch (RuntimeException e) {
        failure = e;
      }
      todo = drain();
      flush = unflushed;
      unflushed = false;
      traffic = session.takeTraffic();
    }
    FlushScope scope = FlushScope.current();
    if (flush) scope.flush(session);
    if (!todo.isEmpty()) scope.run(todo);
    if (traffic != null) session.observation.report(traffic);
    if (failure != null) throw failure;
    return result;
  }

  /**
   * Under the lock, for a caller that took {@link #monitor} itself (a select over several sessions): what
   * {@link #run} does once the lock is released, to run then.
   */
  Runnable collect() {
    List<Runnable> todo = drain();
    boolean flush = unflushed;
    unflushed = false;
    Observation.Delta traffic = session.takeTraffic();
    return () -> {
      FlushScope scope = FlushScope.current();
      if (flush) scope.flush(session);
      if (!todo.isEmpty()) scope.run(todo);
      if (traffic != null) session.observation.report(traffic);
    };
  }

  boolean isHeldByCurrentThread() {
    return Thread.holdsLock(monitor);
  }
}
