package org.libchan4j.internal.session;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.libchan4j.Session;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.engine.Traffic;

/**
 * Internal: one session's {@link SessionObserver}: every call guarded (the first exception is logged at WARNING,
 * later ones at DEBUG, and ignored), and the engine's {@link Traffic} totals turned into batches: {@link #take}n
 * under the session's lock, {@link #report}ed after it.
 */
final class Observation {
  private static final System.Logger LOG = System.getLogger(Observation.class.getName());

  private final SessionObserver observer;
  private final AtomicBoolean warned = new AtomicBoolean();
  // The totals reported so far (guarded by the session's lock).
  private long messagesIn;
  private long messagesOut;
  private long bytesIn;
  private long bytesOut;
  private long channelsOpened;
  private long channelsClosed;

  private Observation(SessionObserver observer) {
    this.observer = observer;
  }

  /** The observer {@code factory} creates for a new session, or {@code null} without one. */
  static Observation create(SessionObserver.Factory factory, Session.Role role, SessionOptions.Mode mode) {
    if (factory == null) return null;
    SessionObserver observer;
    try {
      observer = factory.create(role, mode);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "session observer factory " + factory + " threw; session unobserved", e);
      return null;
    }
    return observer == null ? null : new Observation(observer);
  }

  /** Without the session's lock: one lifecycle call. */
  void call(Consumer<SessionObserver> call) {
    try {
      call.accept(observer);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** Under the session's lock: what {@code t} counted since the last take, or {@code null} when nothing. */
  Delta take(Traffic t) {
    long mi = t.messagesIn() - messagesIn;
    long mo = t.messagesOut() - messagesOut;
    long bi = t.bytesIn() - bytesIn;
    long bo = t.bytesOut() - bytesOut;
    long co = t.channelsOpened() - channelsOpened;
    long cc = t.channelsClosed() - channelsClosed;
    if ((mi | mo | bi | bo | co | cc) == 0) return null;
    messagesIn += mi;
    messagesOut += mo;
    bytesIn += bi;
    bytesOut += bo;
    channelsOpened += co;
    channelsClosed += cc;
    return new Delta(mi, mo, bi, bo, co, cc);
  }

  /** Without the session's lock: reports a batch {@link #take}n under it. */
  void report(Delta d) {
    if (d.channelsOpened > 0) count(0, d.channelsOpened);
    if (d.bytesIn > 0) count(1, d.bytesIn);
    if (d.messagesIn > 0) count(2, d.messagesIn);
    if (d.messagesOut > 0) count(3, d.messagesOut);
    if (d.bytesOut > 0) count(4, d.bytesOut);
    if (d.channelsClosed > 0) count(5, d.channelsClosed);
  }

  private void count(int kind, long n) {
    try {
      switch (kind) {
        case 0: observer.channelsOpened(n); break;
        case 1: observer.bytesReceived(n); break;
        case 2: observer.messagesReceived(n); break;
        case 3: observer.messagesSent(n); break;
        case 4: observer.bytesSent(n); break;
        default: observer.channelsClosed(n); break;
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    boolean first = warned.compareAndSet(false, true);
    LOG.log(first ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        "session observer " + observer + " threw; ignored" + (first ? " (later failures are logged at DEBUG)" : ""), e);
  }

  /** What one lock section counted. */
  static final class Delta {
    final long messagesIn;
    final long messagesOut;
    final long bytesIn;
    final long bytesOut;
    final long channelsOpened;
    final long channelsClosed;

    Delta(long messagesIn, long messagesOut, long bytesIn, long bytesOut, long channelsOpened, long channelsClosed) {
      this.messagesIn = messagesIn;
      this.messagesOut = messagesOut;
      this.bytesIn = bytesIn;
      this.bytesOut = bytesOut;
      this.channelsOpened = channelsOpened;
      this.channelsClosed = channelsClosed;
    }
  }
}
