package org.libchan4j.internal.session;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionObserver;
import org.libchan4j.internal.Threads;

/**
 * Internal: one session's {@link SessionListener} and {@link SessionObserver} lifecycle calls. A state change is
 * recorded under the session's lock (so the calls keep the order of the changes; the close, after which nothing
 * changes, once the close future is complete) and {@link #dispatch dispatched} without it: the listener's calls
 * then run one at a time on the executor, never on the thread that changed the state; the observer's run one at a
 * time on the dispatching thread (a thread that finds another one running them leaves its calls to that one).
 */
final class SessionEvents {
  private static final System.Logger LOG = System.getLogger(SessionEvents.class.getName());
  /**
   * For sessions without an executor, or whose executor refuses (shut down): virtual threads, or daemon threads
   * gone when idle.
   */
  private static final ExecutorService SHARED = Threads.newExecutor("libchan4j-events-", 10);

  private final Session session;
  private final SessionListener listener;
  private final Executor executor;
  private final ArrayDeque<Consumer<SessionListener>> queue = new ArrayDeque<>(); // guarded by this
  private boolean draining; // guarded by this
  private final Observation observation;
  private final ArrayDeque<Consumer<SessionObserver>> observed = new ArrayDeque<>(); // guarded by this
  private boolean observing; // guarded by this

  SessionEvents(Session session, SessionListener listener, Executor executor, Observation observation) {
    this.session = session;
    this.listener = listener;
    this.executor = executor != null ? executor : SHARED;
    this.observation = observation;
  }

  // Under the session's lock: record a change.

  void connected() {
    record(l -> l.onConnected(session));
    observe(o -> o.opened(session));
  }

  void suspended(String why) {
    record(l -> l.onSuspended(session, why));
    observe(o -> o.suspended(why));
  }

  void resumed() {
    record(l -> l.onResumed(session));
    observe(SessionObserver::resumed);
  }

  void closed(int code, String reason) {
    String r = reason == null ? "" : reason;
    record(l -> l.onClosed(session, code, r));
    observe(o -> o.closed(code, r));
  }

  private void observe(Consumer<SessionObserver> call) {
    if (observation == null) return;
    synchronized (this) {
      observed.add(call);
    }
  }

  private void record(Consumer<SessionListener> call) {
    if (listener == null) return;
    synchronized (this) {
      queue.add(call);
    }
  }

  /**
   * Without the session's lock: runs the observer's recorded calls on this thread and the listener's on the
   * executor, unless a run is under way.
   */
  void dispatch() {
    if (observation != null) runObserved();
    if (listener == null) return;
    synchronized (this) {
      if (draining || queue.isEmpty()) return;
      draining = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      SHARED.execute(this::drain);
    }
  }

  private void runObserved() {
    synchronized (this) {
      if (observing || observed.isEmpty()) return;
      observing = true;
    }
    while (true) {
      Consumer<SessionObserver> call;
      synchronized (this) {
        call = observed.poll();
        if (call == null) {
          observing = false;
          return;
        }
      }
      observation.call(call);
    }
  }

  private void drain() {
    while (true) {
      Consumer<SessionListener> call;
      synchronized (this) {
        call = queue.poll();
        if (call == null) {
          draining = false;
          return;
        }
      }
      try {
        call.accept(listener);
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.WARNING, "session listener " + listener + " threw; ignored", e);
      }
    }
  }
}
