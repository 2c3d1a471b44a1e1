package org.libchan4j.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.engine.Traffic;
import org.libchan4j.testing.ObserverRecorder;
import org.libchan4j.transport.InMemoryTransport;

/**
 * The {@link SessionObserver} over in-memory pairs in both wire modes: exact counts of a known exchange (a request
 * channel, two requests each with its own return channel), bytes that match the peer's and the engine's, the
 * close code, and observers that throw.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionObserverTest {
  record Req(int n, Sender<Integer> reply) {}

  private final List<Session> opened = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    for (Session s : opened) s.close();
  }

  private Session[] pair(SessionOptions.Mode mode, SessionObserver.Factory client, SessionObserver.Factory server) {
    InMemoryTransport[] wire = InMemoryTransport.pair();
    Session c = Session.open(wire[0], options(Session.Role.CLIENT, mode, client));
    Session s = Session.open(wire[1], options(Session.Role.SERVER, mode, server));
    opened.add(c);
    opened.add(s);
    return new Session[] {c, s};
  }

  private static SessionOptions options(Session.Role role, SessionOptions.Mode mode, SessionObserver.Factory f) {
    SessionOptions.Builder b = SessionOptions.builder(role).mode(mode).keepAlive(java.time.Duration.ZERO);
    return (f == null ? b : b.observer(f)).build();
  }

  /** Two requests on one channel, each answered on its own return channel, which the client reads to its end. */
  private static void exchange(Session client, Session server) throws Exception {
    Thread serving = new Thread(() -> {
      try {
        Receiver<Req> in = server.accept(Req.class);
        for (Req r; (r = in.receive()) != null; ) {
          r.reply().send(r.n() * 10);
          r.reply().close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    serving.start();
    Sender<Req> requests = client.newSender(Req.class);
    for (int n = 1; n <= 2; n++) {
      Pipe<Integer> reply = Pipe.buffered(1);
      requests.send(new Req(n, reply.sender()));
      assertEquals(n * 10, reply.receiver().receive());
      assertNull(reply.receiver().receive()); // its END arrived too
    }
    requests.close();
    serving.join(20_000);
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aKnownExchangeIsCountedExactlyAndTheBytesMatchThePeersAndTheEngines(SessionOptions.Mode mode)
      throws Exception {
    ObserverRecorder clients = new ObserverRecorder();
    ObserverRecorder servers = new ObserverRecorder();
    Session[] s = pair(mode, clients, servers);
    ObserverRecorder.Observed client = clients.next();
    ObserverRecorder.Observed server = servers.next();
    assertEquals(Session.Role.CLIENT, client.role);
    assertEquals(mode, server.mode);
    client.expect("opened");
    server.expect("opened");

    exchange(s[0], s[1]);
    s[0].close(4200, "done");
    client.expect("closed 4200 done");
    server.expect("closed 4200 done");
    // One request channel and two return channels, each opened and ended on both sides; two messages each way.
    client.awaitTotals("channels 3/3 messages 2/2");
    server.awaitTotals("channels 3/3 messages 2/2");

    Traffic c = traffic(s[0]);
    Traffic v = traffic(s[1]);
    assertTrue(c.bytesOut() > 0 && v.bytesOut() > 0, "bytes were counted");
    assertEquals(c.bytesOut(), v.bytesIn(), "what the client sent, the server received");
    assertEquals(v.bytesOut(), c.bytesIn(), "what the server sent, the client received");
    client.awaitBytes(c.bytesIn(), c.bytesOut());
    server.awaitBytes(v.bytesIn(), v.bytesOut());
    client.assertClean();
    server.assertClean();
  }

  private static Traffic traffic(Session s) {
    SessionImpl session = (SessionImpl) s;
    return session.withLock(session.engine::traffic);
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void anObserverThatThrowsBreaksNothingAndIsStillCalled(SessionOptions.Mode mode) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch closed = new CountDownLatch(1);
    SessionObserver.Factory throwing = (role, m) -> new SessionObserver() {
      @Override public void opened(Session session) { fail(); }

      @Override public void closed(int code, String reason) {
        if (code == 4200) closed.countDown();
        fail();
      }

      @Override public void messagesSent(long n) { fail(); }

      @Override public void messagesReceived(long n) { fail(); }

      @Override public void bytesSent(long n) { fail(); }

      @Override public void channelsOpened(long n) { fail(); }

      private void fail() {
        calls.incrementAndGet();
        throw new IllegalStateException("observer bug");
      }
    };
    SessionObserver.Factory broken = (role, m) -> {
      throw new IllegalStateException("factory bug");
    };
    Session[] s = pair(mode, throwing, broken);
    exchange(s[0], s[1]);
    s[0].close(4200, "done");
    assertTrue(closed.await(20, TimeUnit.SECONDS), "closed was still called");
    assertTrue(calls.get() >= 5, "every kind of call was made: " + calls.get());
    assertNull(((SessionImpl) s[1]).observation, "a factory that throws leaves the session unobserved");
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aFactoryReturningNullAndNoFactoryLeaveTheSessionUnobserved(SessionOptions.Mode mode) throws Exception {
    Session[] s = pair(mode, (role, m) -> null, null);
    exchange(s[0], s[1]);
    assertNull(((SessionImpl) s[0]).observation);
    assertNull(((SessionImpl) s[1]).observation);
    assertNull(((SessionImpl) s[1]).takeTraffic());
  }
}
