package org.libchan4j.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.ResumptionTest.Connection;
import org.libchan4j.testing.FakeClock;
import org.libchan4j.testing.ObserverRecorder;
import org.libchan4j.testing.StateRecorder;
import org.libchan4j.testing.ThrowingListener;

/**
 * {@link Session#state()} and the {@link SessionListener} over in-memory connections the test cuts (as
 * {@link ResumptionTest} does) and resumes by hand: the calls, their order, their threads and codes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionStateTest {
  record Msg(int n) {}

  private final ResumeRegistry registry = new ResumeRegistry(Limits.defaults(), Duration.ofSeconds(30));
  private final LinkedBlockingQueue<SessionImpl> serverSessions = new LinkedBlockingQueue<>();
  private final List<Session> opened = new CopyOnWriteArrayList<>();
  private final StateRecorder atClient = new StateRecorder("libchan4j-events-");
  private final StateRecorder atServer = new StateRecorder("libchan4j-events-");
  private SessionOptions.Builder clientOptions = options(Session.Role.CLIENT).listener(atClient);
  private SessionOptions.Builder serverOptions = options(Session.Role.SERVER).listener(atServer);
  private volatile Connection current;

  @AfterEach
  void closeAll() {
    for (Session s : opened) s.close();
  }

  private static SessionOptions.Builder options(Session.Role role) {
    return SessionOptions.builder(role).mode(SessionOptions.Mode.EXTENDED).resumeWindow(Duration.ofSeconds(30))
        .keepAlive(Duration.ZERO);
  }

  /** A new connection whose server side the registry routes (a new session, or a resume). */
  private Connection connect() {
    Connection c = new Connection();
    current = c;
    registry.accept(c.server, "alice", connection -> {
      SessionImpl s = SessionImpl.open(connection, serverOptions.build(), (session, why) -> { });
      opened.add(s);
      serverSessions.add(s);
      return s;
    });
    return c;
  }

  /** A client whose drops suspend it; the test brings the next connection ({@link SessionImpl#resume}). */
  private SessionImpl openClient() {
    SessionImpl client = SessionImpl.open(connect().client, clientOptions.build(), (session, why) -> { });
    opened.add(client);
    return client;
  }

  private SessionImpl server() throws InterruptedException {
    SessionImpl s = serverSessions.poll(20, TimeUnit.SECONDS);
    assertNotNull(s, "no server session opened");
    return s;
  }

  /** A message each way: both hellos have arrived, so both sides know the session is resumable. */
  private static void roundTrip(SessionImpl client, SessionImpl server, int n) throws Exception {
    Sender<Msg> down = server.newSender(Msg.class);
    down.send(new Msg(n));
    assertEquals(n, client.accept(Msg.class).receive().n());
  }

  @Test
  void connectedSuspendedResumedClosedInOrderOnBothSidesWithTheCloseCode() throws Exception {
    ObserverRecorder clientObservers = new ObserverRecorder();
    ObserverRecorder serverObservers = new ObserverRecorder();
    clientOptions.observer(clientObservers);
    serverOptions.observer(serverObservers);
    SessionImpl client = openClient();
    SessionImpl server = server();
    ObserverRecorder.Observed observedClient = clientObservers.next();
    ObserverRecorder.Observed observedServer = serverObservers.next();
    atClient.expect("connected");
    atServer.expect("connected");
    assertEquals(Session.State.CONNECTED, client.state());
    roundTrip(client, server, 1);

    current.cut();
    atClient.expect("suspended");
    atServer.expect("suspended");
    assertEquals(Session.State.SUSPENDED, client.state());
    assertEquals(Session.State.SUSPENDED, server.state());
    assertTrue(atClient.lastWhy.startsWith("ABNORMAL"), atClient.lastWhy);

    assertTrue(client.resume(connect().client));
    atServer.expect("resumed");
    atClient.expect("resumed");
    assertEquals(Session.State.CONNECTED, client.state());
    assertEquals(Session.State.CONNECTED, server.state());
    roundTrip(client, server, 2);

    client.close(4200, "done");
    atClient.expect("closed 4200 done");
    atServer.expect("closed 4200 done");
    assertEquals(Session.State.CLOSED, client.state());
    assertEquals(Session.State.CLOSED, server.state());
    assertEquals(0, serverSessions.size(), "one server session, resumed");
    atClient.assertClean();
    atServer.assertClean();
    // The observers saw the same lifecycle, inline (one session each, resumed, not a second one).
    for (ObserverRecorder.Observed o : List.of(observedClient, observedServer)) {
      o.expect("opened", "suspended", "resumed", "closed 4200 done");
      o.assertClean();
    }
  }

  @Test
  void aKeepaliveTimeoutSuspendsAndASessionNotResumedInTimeClosesWith1006AndWhy() throws Exception {
    FakeClock clock = new FakeClock();
    clientOptions = clientOptions.clock(clock).keepAlive(Duration.ofSeconds(10));
    serverOptions = serverOptions.clock(clock);
    SessionImpl client = openClient();
    SessionImpl server = server();
    atClient.expect("connected");
    atServer.expect("connected");
    roundTrip(client, server, 1);

    current.cut = true; // silent: frames are lost both ways and nobody sees a close
    clock.advanceMillis(10_000);
    client.tick(); // a ping, lost
    clock.advanceMillis(10_000);
    client.tick(); // no answer for two intervals: the client drops the connection (4000)
    atClient.expect("suspended");
    assertTrue(atClient.lastWhy.contains("keepalive") || atClient.lastWhy.contains("ping"), atClient.lastWhy);
    atServer.expect("suspended"); // it sees 4000, also a drop
    assertEquals(Session.State.SUSPENDED, client.state());

    clock.advanceMillis(30_000);
    client.tick();
    server.tick();
    atClient.expect("closed 1006 connection lost (" + atClient.lastWhy + ") and not resumed within 30000 ms");
    String closed = atServer.next();
    assertTrue(closed.startsWith("closed 1006 connection lost (") && closed.endsWith("not resumed within 30000 ms"),
        closed);
    assertEquals(Session.State.CLOSED, client.state());
    atClient.assertClean();
    atServer.assertClean();
  }

  @Test
  void callbacksRunOnTheSessionsExecutorAndOneThatBlocksHoldsBackNothingButItsOwnCalls() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-events"));
    try {
      StateRecorder recorder = new StateRecorder("app-events");
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch blocking = new CountDownLatch(1);
      clientOptions = options(Session.Role.CLIENT).executor(executor).listener(new SessionListener() {
        @Override public void onConnected(Session s) { recorder.onConnected(s); }

        @Override
        public void onSuspended(Session s, String why) {
          recorder.onSuspended(s, why);
          blocking.countDown();
          try {
            release.await(); // an application callback that blocks
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }

        @Override public void onResumed(Session s) { recorder.onResumed(s); }

        @Override public void onClosed(Session s, int code, String reason) { recorder.onClosed(s, code, reason); }
      });
      SessionImpl client = openClient();
      SessionImpl server = server();
      recorder.expect("connected");
      roundTrip(client, server, 1);
      current.cut();
      recorder.expect("suspended");
      assertTrue(blocking.await(20, TimeUnit.SECONDS));

      // The callback still blocks: the session resumes and carries messages regardless.
      assertTrue(client.resume(connect().client));
      roundTrip(client, server, 2);
      assertEquals(Session.State.CONNECTED, client.state());
      release.countDown();
      recorder.expect("resumed");
      client.close();
      recorder.expect("closed 1000 ");
      recorder.assertClean();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aListenerThatThrowsBreaksNeitherTheSessionNorItsLaterCalls() throws Exception {
    ThrowingListener buggy = new ThrowingListener();
    clientOptions = options(Session.Role.CLIENT).listener(buggy);
    SessionImpl client = openClient();
    SessionImpl server = server();
    roundTrip(client, server, 1);
    current.cut();
    assertEquals("connected", buggy.next());
    assertEquals("suspended", buggy.next());
    assertTrue(client.resume(connect().client));
    assertEquals("resumed", buggy.next());
    roundTrip(client, server, 2);
    Sender<Msg> up = client.newSender(Msg.class);
    up.send(new Msg(3));
    Receiver<Msg> in = server.accept(Msg.class);
    assertEquals(3, in.receive().n());
    client.close(CloseCodes.GOING_AWAY, "");
    assertEquals("closed 1001", buggy.next());
    server.closeFuture().get(20, TimeUnit.SECONDS); // the peer saw an orderly close
  }
}
