package org.libchan4j.internal.session;

import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.transport.Transport;

/**
 * Internal: one session's side of resumption (PROTOCOL.md section 14.6): suspending it when its connection drops,
 * attaching the next connection (client) or accepting a resuming one (server), and the resume deadline. State is
 * guarded by the session's lock.
 */
final class Resumption {
  private static final System.Logger LOG = System.getLogger(Resumption.class.getName());
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final SessionImpl s;
  private final long windowMillis;
  private final SessionImpl.Resumer resumer;
  private long suspendedAt = -1;
  private String suspendedWhy;

  Resumption(SessionImpl session, long windowMillis, SessionImpl.Resumer resumer) {
    this.s = session;
    this.windowMillis = windowMillis;
    this.resumer = resumer;
  }

  /** A new server resume token: 144 random bits, URL-safe base64 (unguessable: it is what a resume presents). */
  static String newToken() {
    byte[] b = new byte[18];
    RANDOM.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  long windowMillis() {
    return windowMillis;
  }

  /** True from a drop until the session is resumed. */
  boolean isSuspended() {
    synchronized (s.lock) {
      return suspendedAt >= 0;
    }
  }

  /** True while the session is suspended with no connection attempt attached (a resume is due). */
  boolean needsConnection() {
    synchronized (s.lock) {
      return s.closed == null && suspendedAt >= 0 && s.link == null;
    }
  }

  /** Under the lock: why the session was suspended if its resume window has passed at {@code now}, else null. */
  String expired(long now) {
    return suspendedAt >= 0 && SessionRules.resumeExpired(suspendedAt, now, windowMillis) ? suspendedWhy : null;
  }

  /** Under the lock, after a message: the client's resume handshake completed. */
  void checkResumed() {
    if (suspendedAt >= 0 && s.closed == null && s.engine.isLinked()) {
      suspendedAt = -1;
      s.events.resumed();
      s.defer(s.events::dispatch);
      LOG.log(System.Logger.Level.INFO, s.role() + " session resumed");
    }
  }

  /** Under the lock: a connection that closed with {@code code} suspends the session if it was a drop. */
  boolean suspendOnClose(int code, String reason, Throwable cause) {
    boolean suspend = s.closed == null && SessionRules.isDrop(code, cause != null) && resumable();
    if (suspend) {
      suspend(CloseCodes.name(code) + (cause != null ? ": " + cause
          : reason == null || reason.isEmpty() ? "" : ": " + reason));
    }
    return suspend;
  }

  /** After {@link #suspendOnClose} (without the lock): asks the resumer for a new connection. */
  void suspended() {
    String why;
    synchronized (s.lock) {
      why = suspendedWhy;
    }
    s.events.dispatch();
    resumer.suspended(s, why);
  }

  private boolean resumable() {
    return resumer != null && windowMillis > 0 && s.engine.isResumable();
  }

  /**
   * Ends the current connection and suspends the session if it is resumable (keepalive timeout). Returns false
   * when it is not resumable (the caller ends the session).
   */
  boolean drop(String why) {
    Transport old;
    synchronized (s.lock) {
      if (s.closed != null || !resumable()) return false;
      old = s.transport;
      suspend(why);
    }
    if (old != null) old.close(CloseCodes.KEEPALIVE_TIMEOUT, SessionRules.truncateReason(why));
    s.events.dispatch();
    resumer.suspended(s, why);
    return true;
  }

  private void suspend(String why) {
    s.engine.detach();
    s.transport = null;
    s.link = null;
    suspendedAt = s.clock.millis();
    suspendedWhy = why;
    s.events.suspended(why);
    LOG.log(System.Logger.Level.INFO, s.role() + " session suspended (" + why + "); resumable for "
        + windowMillis + " ms");
  }

  /** Client: see {@link SessionImpl#resume}. */
  boolean resume(Transport next) {
    Link l = s.newLink();
    synchronized (s.lock) {
      if (s.closed != null || suspendedAt < 0 || s.link != null) {
        next.close(CloseCodes.NORMAL, s.closed != null ? "session already ended" : "not needed");
        return false;
      }
      s.transport = next;
      s.link = l;
    }
    next.start(l);
    try {
      s.withLock(() -> {
        if (s.link == l) s.engine.resume(s.clock.millis());
        return null;
      });
    } catch (RuntimeException e) {
      next.close(CloseCodes.INTERNAL_ERROR, "resume failed");
      return false;
    }
    return true;
  }

  /**
   * Server: a new connection, already started and delivering to nothing yet, asked to resume this session with
   * {@code peerReceived} frames received. Replaces the current connection if the drop went unnoticed.
   *
   * @return false when the session can no longer be resumed (the caller refuses the connection)
   */
  boolean acceptResume(Transport next, long peerReceived) {
    // next is a ResumeRegistry hand-off: it may be sent to before start, which only routes its deliveries.
    Link l = s.newLink();
    Transport old;
    try {
      old = s.withLock(() -> {
        if (s.closed != null || !s.engine.isResumable()) return next;
        Transport previous = s.transport;
        s.transport = next;
        s.link = l;
        boolean noticed = suspendedAt >= 0;
        suspendedAt = -1;
        s.engine.acceptResume(peerReceived, s.clock.millis()); // its frames go out before anything the link delivers
        s.sendRoom.serve();
        // A drop this side had not noticed yet is still a suspension: listeners see each resume paired.
        if (!noticed) s.events.suspended("the client resumed on a new connection");
        s.events.resumed();
        s.defer(s.events::dispatch);
        next.start(l);
        return previous;
      });
    } catch (ProtocolException e) {
      s.terminate(new SessionClosedException(e.closeCode(), "session failed: " + e.getMessage(), e),
          e.closeCode(), e.getMessage(), true);
      return true;
    }
    if (old == next) return false;
    if (old != null) old.close(CloseCodes.REPLACED, "replaced by a resumed connection");
    LOG.log(System.Logger.Level.INFO, s.role() + " session resumed");
    return true;
  }
}
