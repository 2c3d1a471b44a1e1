package org.libchan4j.client;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.CloseCodes;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * Internal: brings a suspended client session a new connection (PROTOCOL.md section 14.6). One per session. The
 * first attempt after a drop is immediate; failed attempts back off exponentially with jitter; the session's own
 * resume window (its clock) ends the attempts. Connects run on shared daemon threads that end when idle.
 */
final class Reconnector implements SessionImpl.Resumer {
  private static final System.Logger LOG = System.getLogger(Reconnector.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ScheduledThreadPoolExecutor TIMER = timer();
  private static final ExecutorService CONNECTS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> daemon(r, "libchan4j-reconnect-"));

  private final URI uri;
  private final ClientOptions options;
  private int failures;

  Reconnector(URI uri, ClientOptions options) {
    this.uri = uri;
    this.options = options;
  }

  @Override
  public void suspended(SessionImpl session, String why) {
    LOG.log(System.Logger.Level.INFO, "connection to {0} lost ({1}); reconnecting to resume the session", uri, why);
    attempt(session);
  }

  private void attempt(SessionImpl session) {
    if (!session.needsConnection()) return;
    CONNECTS.execute(() -> connect(session));
  }

  private void connect(SessionImpl session) {
    if (!session.needsConnection()) return;
    WebSocketTransport transport;
    try {
      // A reconnect that hangs (a connection lost in a restarting proxy's backlog) must not eat the resume window.
      transport = ChanClient.connectTransport(uri, options, attemptTimeout());
    } catch (HandshakeRejectedException e) {
      if (e.status() == 401 || e.status() == 403) {
        session.close(CloseCodes.RESUME_REFUSED, "reconnect refused with HTTP " + e.status());
        return;
      }
      retryLater(session, e);
      return;
    } catch (RuntimeException e) {
      retryLater(session, e);
      return;
    }
    String sub = transport.webSocket().getNegotiatedSubprotocol();
    if (SessionOptions.Mode.ofSubprotocol(sub) != SessionOptions.Mode.EXTENDED) {
      transport.close(CloseCodes.NORMAL, "");
      session.close(CloseCodes.RESUME_REFUSED, "the server no longer offers " + SessionOptions.Mode.EXTENDED.subprotocol());
      return;
    }
    synchronized (this) {
      failures = 0;
    }
    session.resume(transport); // a drop during the handshake suspends the session again, and we come back
  }

  /** Each reconnect attempt waits at most this long for its handshake: the connect timeout, capped at 5 s. */
  java.time.Duration attemptTimeout() {
    java.time.Duration cap = java.time.Duration.ofSeconds(5);
    return options.connectTimeout().compareTo(cap) < 0 ? options.connectTimeout() : cap;
  }

  private void retryLater(SessionImpl session, Exception cause) {
    long delay;
    synchronized (this) {
      int n = failures++;
      long initial = options.reconnectInitial().toMillis();
      long max = options.reconnectMax().toMillis();
      delay = org.libchan4j.internal.engine.SessionRules.reconnectDelay(n, initial, max,
          ThreadLocalRandom.current().nextDouble());
    }
    LOG.log(System.Logger.Level.DEBUG, "reconnect to {0} failed ({1}); next attempt in {2} ms", uri, cause, delay);
    TIMER.schedule(() -> attempt(session), delay, TimeUnit.MILLISECONDS);
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "libchan4j-reconnect-timer-"));
    t.setKeepAliveTime(1, TimeUnit.SECONDS);
    t.allowCoreThreadTimeOut(true);
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  private static Thread daemon(Runnable r, String prefix) {
    Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
