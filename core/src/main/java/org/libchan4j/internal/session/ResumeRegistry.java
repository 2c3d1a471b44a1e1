package org.libchan4j.internal.session;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.engine.Engine;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * Internal: the accepting side of resumption (PROTOCOL.md section 14.6). Every new extended-mode connection goes
 * through {@link #accept}: its first message either asks to resume a suspended session (same identity, within its
 * resume window) or opens a new session. Thread-safe.
 */
public final class ResumeRegistry {
  private static final System.Logger LOG = System.getLogger(ResumeRegistry.class.getName());

  /** Opens a new session on a connection (whose first message it will then receive). */
  public interface Opener {
    SessionImpl open(Transport connection) throws Exception;
  }

  private static final class Entry {
    final SessionImpl session;
    final Object identity;

    Entry(SessionImpl session, Object identity) {
      this.session = session;
      this.identity = identity;
    }
  }

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Limits limits;
  private final long firstMessageMillis;

  /**
   * @param firstMessageTimeout how long a new connection may stay silent before its first message (a hello or a
   *     resume request); it is then closed with {@link CloseCodes#POLICY_VIOLATION}. No session exists yet to run
   *     keepalive, so without this a silent upgraded connection would be held forever.
   */
  public ResumeRegistry(Limits limits, java.time.Duration firstMessageTimeout) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.firstMessageMillis = firstMessageTimeout.toMillis();
    if (firstMessageMillis <= 0) throw new IllegalArgumentException("firstMessageTimeout must be > 0");
  }

  /** Sessions that can still be resumed (open or suspended). */
  public int size() {
    return sessions.size();
  }

  /** Closes every registered session (open or suspended), e.g. when the server shuts down. */
  public void closeAll(int code, String reason) {
    for (Entry e : sessions.values()) e.session.close(code, reason);
  }

  /**
   * Starts {@code connection} and decides on its first message. {@code identity} is what the handshake
   * authenticated ({@code null} for anonymous): a session resumes only for an equal identity.
   */
  public void accept(Transport connection, Object identity, Opener opener) {
    Handoff handoff = new Handoff(connection, identity, opener);
    handoff.timer = KeepAlive.SCHEDULER.schedule(handoff::silent, firstMessageMillis,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    connection.start(handoff);
  }

  private void register(SessionImpl session, Object identity) {
    String token = session.ownToken();
    if (token == null) return;
    sessions.put(token, new Entry(session, identity));
    session.closeFuture().whenComplete((v, e) -> sessions.remove(token));
  }

  /** Routes a connection's deliveries: decided by the first message, then straight to the session's link. */
  private final class Handoff implements TransportListener, Transport {
    private final Transport connection;
    private final Object identity;
    private final Opener opener;
    private volatile TransportListener target;
    private final java.util.concurrent.atomic.AtomicBoolean decided = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.concurrent.ScheduledFuture<?> timer;

    Handoff(Transport connection, Object identity, Opener opener) {
      this.connection = connection;
      this.identity = identity;
      this.opener = opener;
    }

    // ---- as the connection's listener (serial)

    @Override
    public void onMessage(byte[] message) {
      TransportListener t = target;
      if (t != null) {
        t.onMessage(message);
        return;
      }
      if (!decided.compareAndSet(false, true)) return; // refused or timed out: the connection is closing
      java.util.concurrent.ScheduledFuture<?> t0 = timer;
      if (t0 != null) t0.cancel(false);
      Engine.ResumeRequest resume;
      try {
        resume = Engine.readResume(message, limits);
      } catch (ProtocolException e) {
        connection.close(e.closeCode(), e.getMessage());
        return;
      }
      if (resume != null) {
        resume(resume);
        return;
      }
      SessionImpl session;
      try {
        session = opener.open(this);
      } catch (Exception e) {
        LOG.log(System.Logger.Level.ERROR, "opening a session failed", e);
        connection.close(CloseCodes.INTERNAL_ERROR, "session could not open");
        return;
      }
      register(session, identity);
      t = target;
      if (t != null) t.onMessage(message);
    }

    private void resume(Engine.ResumeRequest request) {
      Entry entry = sessions.get(request.token);
      String refusal = null;
      if (entry == null) {
        refusal = "resume refused: unknown or expired session";
      } else if (!Objects.equals(entry.identity, identity)) {
        refusal = "resume refused: the session belongs to another identity";
        LOG.log(System.Logger.Level.WARNING, "refused to resume a session for another identity ({0})", identity);
      } else if (!entry.session.isResumable() || !entry.session.resumption().acceptResume(this, request.received)) {
        refusal = "resume refused: the session has ended";
      }
      if (refusal != null) connection.close(CloseCodes.RESUME_REFUSED, refusal);
    }

    /** The first message did not come in time. */
    void silent() {
      if (!decided.compareAndSet(false, true)) return;
      connection.close(CloseCodes.POLICY_VIOLATION, "nothing received within " + firstMessageMillis
          + " ms of the upgrade (a hello or a resume request)");
    }

    @Override
    public void onClosed(int code, String reason, Throwable cause) {
      java.util.concurrent.ScheduledFuture<?> t0 = timer;
      if (t0 != null) t0.cancel(false);
      TransportListener t = target;
      if (t != null) t.onClosed(code, reason, cause);
    }

    @Override
    public void onWritable() {
      TransportListener t = target;
      if (t != null) t.onWritable();
    }

    // ---- as the session's transport

    @Override
    public void start(TransportListener listener) {
      target = listener;
    }

    @Override
    public void send(byte[] frame) {
      connection.send(frame);
    }

    @Override
    public void flush() {
      connection.flush();
    }

    @Override
    public void scheduleFlush() {
      connection.scheduleFlush();
    }

    @Override
    public boolean isWritable() {
      return connection.isWritable();
    }

    @Override
    public void close(int code, String reason) {
      connection.close(code, reason);
    }

    @Override
    public void abort(int code, String reason) {
      connection.abort(code, reason);
    }
  }
}
