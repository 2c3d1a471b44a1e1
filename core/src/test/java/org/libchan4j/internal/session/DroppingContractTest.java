package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionOptions;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;
import org.libchan4j.transport.InMemoryTransport;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * The whole transport contract over resumable in-memory connections that drop at random points (in the manner of
 * rsocket's {@code DisconnectingDuplexConnection}): after a random number of frames the connection is cut, what was
 * in flight is lost, both sessions suspend, the client reconnects and the session resumes. The contract must hold
 * as if nothing happened. Cuts stop while a test closes a session, so that its close reaches the peer (a session
 * closed while suspended cannot tell it), and happen only between resumes, so each cut is one suspension per side.
 */
class DroppingContractTest extends TransportContractTest {
  private static final ExecutorService CUTTER = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "contract-cutter");
    t.setDaemon(true);
    return t;
  });

  private final ResumeRegistry registry = new ResumeRegistry(Limits.defaults(), Duration.ofSeconds(30));
  private final Object lock = new Object();
  /** Resumes still to come (two per cut, one per side); guarded by lock. */
  private int resumesDue;
  private boolean paused;
  private long cuts;
  /** Cuts over the whole class: the suite is only worth something if connections really dropped. */
  private static final java.util.concurrent.atomic.AtomicLong TOTAL_CUTS = new java.util.concurrent.atomic.AtomicLong();

  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }

  @Override
  protected SessionOptions options(Session.Role role) {
    return SessionOptions.builder(role).mode(SessionOptions.Mode.EXTENDED).resumeWindow(Duration.ofSeconds(30))
        .listener(new SessionListener() {
          @Override
          public void onResumed(Session session) {
            synchronized (lock) {
              resumesDue--;
              lock.notifyAll();
            }
          }
        }).build();
  }

  /** One connection; it cuts itself after a random number of frames while cutting is allowed. */
  private final class Connection {
    final InMemoryTransport[] pair = InMemoryTransport.pair();
    volatile boolean cut;
    volatile SessionImpl client;
    volatile SessionImpl server;
    private int countdown = 1 + ThreadLocalRandom.current().nextInt(300);
    final Transport clientSide = side(pair[0]);
    final Transport serverSide = side(pair[1]);

    private Transport side(InMemoryTransport t) {
      return new Transport() {
        @Override
        public void start(TransportListener listener) {
          t.start(new TransportListener() {
            @Override
            public void onMessage(byte[] message) {
              if (!cut) listener.onMessage(message);
            }

            @Override
            public void onClosed(int code, String reason, Throwable cause) {
              listener.onClosed(code, reason, cause);
            }
          });
        }

        @Override
        public void send(byte[] frame) {
          if (cut) return;
          t.send(frame);
          maybeCut();
        }

        @Override
        public void close(int code, String reason) {
          t.close(code, reason);
        }
      };
    }

    /** Called under the sending session's lock: the decision runs on another thread, which takes no lock here. */
    private void maybeCut() {
      synchronized (this) {
        if (--countdown > 0) return;
        countdown = 1 + ThreadLocalRandom.current().nextInt(300);
      }
      CUTTER.execute(this::cutIfQuiet);
    }

    private void cutIfQuiet() {
      SessionImpl c = client;
      SessionImpl s = server;
      if (c == null || s == null || !c.isResumable() || !s.isResumable()) return;
      synchronized (lock) {
        if (paused || resumesDue > 0 || cut || !c.isOpen() || !s.isOpen()) return;
        resumesDue += 2;
        cuts++;
        TOTAL_CUTS.incrementAndGet();
        cut = true;
      }
      pair[0].close(CloseCodes.ABNORMAL, "connection cut by the test");
    }
  }

  /** The first connection of each client session (it knows the server session). */
  private final java.util.Map<Session, Connection> firsts = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Connection latest;

  @Override
  protected RawConnection connectRaw() {
    CompletableFuture<Session> server = new CompletableFuture<>();
    Connection c = new Connection();
    latest = c;
    registry.accept(c.serverSide, "tester", connection -> {
      SessionImpl s = SessionImpl.open(connection, options(Session.Role.SERVER), (session, why) -> {});
      c.server = s;
      server.complete(s);
      return s;
    });
    return new RawConnection(c.clientSide, server, null);
  }

  @Override
  protected Session openClient(RawConnection raw) {
    Connection first = latest;
    SessionImpl client = SessionImpl.open(raw.client(), options(Session.Role.CLIENT),
        (session, why) -> session.resume(resumeConnection(session)));
    firsts.put(client, first);
    first.client = client;
    return client;
  }

  /** A new connection for {@code client}'s resume; the registry hands it to the suspended server session. */
  private Transport resumeConnection(SessionImpl client) {
    Connection first = firsts.get(client);
    Connection c = new Connection();
    c.client = client;
    c.server = first.server;
    registry.accept(c.serverSide, "tester", connection -> {
      throw new AssertionError("a resume connection opened a new session");
    });
    return c.clientSide;
  }

  /** Stops cutting and waits until every cut so far has been resumed on both sides. */
  private void quiesce() {
    synchronized (lock) {
      paused = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (resumesDue > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError(resumesDue + " resumes did not happen after " + cuts + " cuts");
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  private final java.util.Map<Session, SessionImpl> wrapped = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  protected SessionImpl unwrapped(Session session) {
    return wrapped.get(session);
  }

  @Override
  protected Session wrap(Session session) {
    Session w = wrapper(session);
    wrapped.put(w, (SessionImpl) session);
    return w;
  }

  private Session wrapper(Session session) {
    return new Session() {
      @Override public <T> Sender<T> newSender(Class<T> type) { return session.newSender(type); }
      @Override public <T> Sender<T> newSender(Type type) { return session.newSender(type); }
      @Override public <T> Receiver<T> accept(Class<T> type) throws InterruptedException { return session.accept(type); }
      @Override public <T> Receiver<T> accept(Type type) throws InterruptedException { return session.accept(type); }
      @Override public <T> Receiver<T> accept(Type type, Duration timeout) throws InterruptedException {
        return session.accept(type, timeout);
      }
      @Override public <T> CompletableFuture<Receiver<T>> acceptAsync(Type type) { return session.acceptAsync(type); }
      @Override public CompletableFuture<Void> closeFuture() { return session.closeFuture(); }
      @Override public boolean isOpen() { return session.isOpen(); }
      @Override public Role role() { return session.role(); }
      @Override public State state() { return session.state(); }
      @Override public void close() {
        quiesce();
        session.close();
      }
      @Override public void close(int code, String reason) {
        quiesce();
        session.close(code, reason);
      }
      @Override public String toString() { return session.toString(); }
    };
  }

  @Override
  protected void beforeCloseAll() {
    quiesce();
  }

  @org.junit.jupiter.api.AfterAll
  static void connectionsReallyDropped() {
    // 22 tests send tens of thousands of frames; a cut every 1-300 frames between resumes gives hundreds.
    org.junit.jupiter.api.Assertions.assertTrue(TOTAL_CUTS.get() >= 50, TOTAL_CUTS.get() + " cuts in the suite");
    System.out.println("DroppingContractTest: " + TOTAL_CUTS.get() + " connections cut and resumed");
  }
}
