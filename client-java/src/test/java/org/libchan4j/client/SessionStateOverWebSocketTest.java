package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionListener;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.FaultProxy;
import org.libchan4j.testing.StateRecorder;
import org.libchan4j.testing.ThrowingListener;

/**
 * The session listener and {@link Session#state()} over real WebSocket connections, through a proxy that resets
 * them: both sides see connected, suspended, resumed and closed with the code, off the WebSocket threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SessionStateOverWebSocketTest {
  record Ping(String text, Sender<String> reply) {}

  private final LinkedBlockingQueue<Session> serverSessions = new LinkedBlockingQueue<>();
  /** Server sessions run their callbacks on the endpoint's own executor. */
  private final StateRecorder atServer = new StateRecorder("libchan4j-session-");
  private final StateRecorder atClient = new StateRecorder("libchan4j-events-");
  private ChanServer server;
  private FaultProxy proxy;
  private Session client;

  private void start(SessionListener serverListener) throws Exception {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> serverSessions.add(session))
        .listener(serverListener).build()).build().start();
    proxy = new FaultProxy(server.port());
    client = ChanClient.connect(URI.create("ws://127.0.0.1:" + proxy.port() + "/chan"), ClientOptions.builder()
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).listener(atClient).build());
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) client.close();
    if (proxy != null) proxy.close();
    if (server != null) server.close();
  }

  private Session serverSession() throws InterruptedException {
    Session s = serverSessions.poll(20, TimeUnit.SECONDS);
    assertNotNull(s, "no server session");
    return s;
  }

  /** The server takes the client's channel of pings, and answers one: both sides can now resume. */
  private Receiver<Ping> firstPing(Session atServerSide, Sender<Ping> pings) throws Exception {
    pings.send(new Ping("zero", Pipe.<String>buffered(1).sender()));
    Receiver<Ping> served = atServerSide.accept(Ping.class);
    assertEquals("zero", served.receive().text());
    ping(served, pings, "one");
    return served;
  }

  /** A request and its reply. */
  private void ping(Receiver<Ping> served, Sender<Ping> pings, String text) throws Exception {
    Pipe<String> reply = Pipe.buffered(1);
    pings.send(new Ping(text, reply.sender()));
    Ping p = served.receive();
    p.reply().send("pong " + p.text());
    p.reply().close();
    assertEquals("pong " + text, reply.receiver().receive());
  }

  @Test
  void aCutConnectionIsSuspendedThenResumedAndTheCloseCodeReachesBothListeners() throws Exception {
    start(atServer);
    Session atServerSide = serverSession();
    atClient.expect("connected");
    atServer.expect("connected");
    Sender<Ping> pings = client.newSender(Ping.class);
    Receiver<Ping> served = firstPing(atServerSide, pings);
    assertEquals(Session.State.CONNECTED, client.state());

    assertEquals(1, proxy.cut());
    atClient.expect("suspended", "resumed"); // the client reconnects at once, through the same proxy
    atServer.expect("suspended", "resumed"); // seen dropped, or replaced by the resuming connection
    ping(served, pings, "two");
    assertEquals(Session.State.CONNECTED, client.state());
    assertEquals(Session.State.CONNECTED, atServerSide.state());

    client.close(4200, "done for today");
    atClient.expect("closed 4200 done for today");
    atServer.expect("closed 4200 done for today");
    assertEquals(Session.State.CLOSED, client.state());
    assertEquals(Session.State.CLOSED, atServerSide.state());
    assertEquals(0, serverSessions.size(), "one session, resumed");
    atClient.assertClean();
    atServer.assertClean();
  }

  @Test
  void aServerCloseReachesTheClientsListenerWithItsCodeAndReason() throws Exception {
    start(atServer);
    Session atServerSide = serverSession();
    atClient.expect("connected");
    atServer.expect("connected");
    atServerSide.close(4201, "kicked");
    atServer.expect("closed 4201 kicked");
    atClient.expect("closed 4201 kicked");
    assertEquals(Session.State.CLOSED, client.state());
    atClient.assertClean();
    atServer.assertClean();
  }

  @Test
  void aServerListenerThatThrowsBreaksNothing() throws Exception {
    ThrowingListener buggy = new ThrowingListener();
    start(buggy);
    Session atServerSide = serverSession();
    Sender<Ping> pings = client.newSender(Ping.class);
    Receiver<Ping> served = firstPing(atServerSide, pings);
    assertEquals("connected", buggy.next());

    assertEquals(1, proxy.cut());
    atClient.expect("connected", "suspended", "resumed");
    assertEquals("suspended", buggy.next());
    assertEquals("resumed", buggy.next());
    ping(served, pings, "two");

    atServerSide.close(4202, "bye");
    atClient.expect("closed 4202 bye");
    assertEquals("closed 4202", buggy.next());
    atClient.assertClean();
  }
}
