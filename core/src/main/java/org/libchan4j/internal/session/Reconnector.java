package org.libchan4j.internal.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.libchan4j.CloseCodes;
import org.libchan4j.internal.Threads;
import org.libchan4j.internal.engine.SessionRules;
import org.libchan4j.transport.Transport;

/**
 * Internal: brings a suspended client session a new connection (PROTOCOL.md section 14.6), whatever the transport
 * (the WebSocket client and the socket dialer each supply a {@link Connector}). One per session. The first attempt
 * after a drop is immediate; failed attempts back off exponentially with jitter; the session's own resume window
 * (its clock) ends the attempts. Connects run on shared daemon threads that end when idle.
 */
public final class Reconnector implements SessionImpl.Resumer {
  private static final System.Logger LOG = System.getLogger(Reconnector.class.getName());
  /** The longest a reconnect attempt waits for its connection (and handshake). */
  static final Duration ATTEMPT_CAP = Duration.ofSeconds(5);
  private static final ScheduledThreadPoolExecutor TIMER = timer();
  private static final ExecutorService CONNECTS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
      new SynchronousQueue<>(), Threads.platform("libchan4j-reconnect-"));

  /** Opens a new connection to the same peer, for one attempt. */
  @FunctionalInterface
  public interface Connector {
    /**
     * A new connection, not started, within {@code timeout}. Throws {@link Refused} when the peer will never take
     * the session back (the session then ends with {@link CloseCodes#RESUME_REFUSED}); any other exception is
     * retried with backoff.
     */
    Transport connect(Duration timeout) throws Exception;
  }

  /** The peer refused the reconnect for good (an authentication failure, a mode it no longer offers). */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String reason) {
      super(reason);
    }
  }

  private final String peer;
  private final long initialMillis;
  private final long maxMillis;
  private final Duration attemptTimeout;
  private final Connector connector;
  private int failures; // guarded by this

  /**
   * @param peer what to name in logs (a URI, an address; never a secret)
   * @param initial the delay after the first failed attempt, doubling up to {@code max}
   * @param connectTimeout the entry point's connect timeout; each attempt uses it capped at 5 s
   */
  public Reconnector(String peer, Duration initial, Duration max, Duration connectTimeout, Connector connector) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    // A reconnect that hangs (a connection lost in a restarting proxy's backlog) must not eat the resume window.
    this.attemptTimeout = connectTimeout.compareTo(ATTEMPT_CAP) < 0 ? connectTimeout : ATTEMPT_CAP;
    this.connector = Objects.requireNonNull(connector, "connector");
  }

  /** How long each attempt may take: the connect timeout, capped at 5 s. */
  public Duration attemptTimeout() {
    return attemptTimeout;
  }

  @Override
  public void suspended(SessionImpl session, String why) {
    LOG.log(System.Logger.Level.INFO, "connection to {0} lost ({1}); reconnecting to resume the session", peer, why);
    attempt(session);
  }

  private void attempt(SessionImpl session) {
    if (!session.needsConnection()) return;
    CONNECTS.execute(() -> connect(session));
  }

  private void connect(SessionImpl session) {
    if (!session.needsConnection()) return;
    Transport transport;
    try {
      transport = connector.connect(attemptTimeout);
    } catch (Refused e) {
      session.close(CloseCodes.RESUME_REFUSED, SessionRules.truncateReason(e.getMessage()));
      return;
    } catch (Exception e) {
      retryLater(session, e);
      return;
    }
    synchronized (this) {
      failures = 0;
    }
    session.resume(transport); // a drop during the resume handshake suspends the session again, and we come back
  }

  private void retryLater(SessionImpl session, Exception cause) {
    long delay;
    synchronized (this) {
      delay = SessionRules.reconnectDelay(failures++, initialMillis, maxMillis,
          ThreadLocalRandom.current().nextDouble());
    }
    LOG.log(System.Logger.Level.DEBUG, "reconnect to {0} failed ({1}); next attempt in {2} ms", peer, cause, delay);
    TIMER.schedule(() -> attempt(session), delay, TimeUnit.MILLISECONDS);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Threads.platform("libchan4j-reconnect-timer-"));
    t.setKeepAliveTime(1, TimeUnit.SECONDS);
    t.allowCoreThreadTimeOut(true);
    t.setRemoveOnCancelPolicy(true);
    return t;
  }
}
