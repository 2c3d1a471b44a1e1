package org.libchan4j.internal.session;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;

/**
 * Internal: an extended-mode session's timer: keepalive (pings, and 4000 for a silent peer, which suspends a
 * resumable session), acks, and the resume deadline of a suspended one. Runs on the shared keepalive scheduler
 * against the session's clock.
 */
final class SessionTimer {
  private static final System.Logger LOG = System.getLogger(SessionTimer.class.getName());

  private final SessionImpl s;
  private ScheduledFuture<?> task; // guarded by the session's lock

  SessionTimer(SessionImpl session) {
    this.s = session;
  }

  /** Ticks every {@code periodMillis} until {@link #stop}; nothing when 0 (no keepalive, no resumption). */
  void start(long periodMillis) {
    if (periodMillis <= 0) return;
    ScheduledFuture<?> t = KeepAlive.SCHEDULER.scheduleAtFixedRate(this::tick, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
    synchronized (s.lock) {
      task = t;
      if (s.closed != null) t.cancel(false);
    }
  }

  /** True while ticks are scheduled. */
  boolean isRunning() {
    ScheduledFuture<?> t;
    synchronized (s.lock) {
      t = task;
    }
    return t != null && !t.isDone();
  }

  void stop() {
    ScheduledFuture<?> t;
    synchronized (s.lock) {
      t = task;
    }
    if (t != null) t.cancel(false);
  }

  /** One tick at the session clock's now. */
  void tick() {
    String expired;
    try {
      expired = s.withLock(() -> {
        if (s.closed != null) return null;
        long now = s.clock.millis();
        String why = s.resumption().expired(now);
        if (why != null) return why;
        // While a resume handshake is under way keepalive still watches the new connection (4000 drops it).
        if (s.link != null) s.engine.tick(now);
        return null;
      });
    } catch (ProtocolException e) {
      if (e.closeCode() == CloseCodes.KEEPALIVE_TIMEOUT && s.resumption().drop(e.getMessage())) return;
      LOG.log(System.Logger.Level.WARNING, "closing " + s.role() + " session: " + e.getMessage());
      s.terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
          e.closeCode(), e.getMessage(), true);
      return;
    }
    if (expired != null) {
      String why = "connection lost (" + expired + ") and not resumed within " + s.resumption().windowMillis()
          + " ms";
      s.terminate(new SessionClosedException(CloseCodes.ABNORMAL, why, null), CloseCodes.ABNORMAL, why, false);
    }
  }
}
