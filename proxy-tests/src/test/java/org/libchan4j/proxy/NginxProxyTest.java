package org.libchan4j.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.client.HandshakeRejectedException;
import org.libchan4j.client.TransportSeam;
import org.libchan4j.testing.Hex;
import org.libchan4j.transport.TransportListener;
import org.libchan4j.websocket.internal.WebSocketTransport;

/** What the README's nginx configuration promises beyond the transport contract. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxProxyTest {
  record Note(String text) {}

  private static Backend backend;
  private static Nginx nginx;

  @BeforeAll
  static void startProxy() {
    backend = Backend.start();
    nginx = Nginx.builder(backend.port()).start();
  }

  @AfterAll
  static void stopProxy() {
    try {
      if (nginx != null) nginx.close();
    } finally {
      if (backend != null) backend.close();
    }
  }


  private static void roundTrip(Session[] s, String text) throws Exception {
    Sender<Note> out = s[0].newSender(Note.class);
    out.send(new Note(text));
    assertEquals(new Note(text), s[1].accept(Note.class).receive());
  }

  @Test
  void backendSeesTheHandshakeTheConfigurationForwards() throws Exception {
    String query = backend.nextQuery();
    try (Session client = ChanClient.connect(nginx.uri("/chan?" + query), nginx.clientOptions().build())) {
      Backend.Accepted server = backend.await(query);
      assertEquals("/chan", server.handshake().path(), "the prefix is stripped");
      assertEquals("127.0.0.1:" + nginx.port(), server.handshake().header("Host"), "Host with nginx's port");
      assertEquals("https", server.handshake().header("X-Forwarded-Proto"));
      assertEquals("127.0.0.1", server.handshake().header("X-Forwarded-For"));
      assertEquals("libchan4j.v1", ChanClient.subprotocol(client), "extended mode negotiated through nginx");
      assertEquals("libchan4j.v1", server.handshake().subprotocol());
      roundTrip(new Session[] {client, server.session()}, "extended");
    }
    String compat = backend.nextQuery();
    try (Session client = ChanClient.connect(nginx.uri("/chan?" + compat),
        nginx.clientOptions().mode(SessionOptions.Mode.COMPAT).build())) {
      Backend.Accepted server = backend.await(compat);
      assertNull(ChanClient.subprotocol(client), "a jschan-like client offers nothing and gets nothing");
      assertNull(server.handshake().subprotocol());
      roundTrip(new Session[] {client, server.session()}, "compat");
    }
  }

  @Test
  void originCheckComparesWithTheHostNginxForwards() throws Exception {
    // A page served through the proxy: its origin matches the Host header nginx passes on ($http_host).
    Session[] page = connect(backend, nginx, nginx.clientOptions().header("Origin", nginx.origin()));
    try {
      roundTrip(page, "same origin");
    } finally {
      page[0].close();
    }
    HandshakeRejectedException foreign = assertThrows(HandshakeRejectedException.class, () -> ChanClient.connect(
        nginx.uri("/chan"), nginx.clientOptions().header("Origin", "https://evil.example").build()));
    assertEquals(403, foreign.status());
    // The backend's own address is not the public origin: behind the proxy it is refused too.
    HandshakeRejectedException backendOrigin = assertThrows(HandshakeRejectedException.class, () -> ChanClient.connect(
        nginx.uri("/chan"), nginx.clientOptions().header("Origin", "http://127.0.0.1:" + backend.port()).build()));
    assertEquals(403, backendOrigin.status());
  }

  @Test
  void serverCloseCodesSurviveTlsTermination() throws Exception {
    // nginx sends the server's close frame and its TLS close_notify back to back; the client must read the frame.
    // Thirty closes, because the two used to share a read only now and then.
    for (int i = 0; i < 30; i++) {
      String query = backend.nextQuery();
      WebSocketTransport client = TransportSeam.connect(nginx.uri("/chan?" + query),
          nginx.clientOptions().mode(SessionOptions.Mode.COMPAT).build());
      backend.await(query);
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      client.start(new TransportListener() {
        @Override public void onMessage(byte[] message) {}
        @Override public void onClosed(int code, String reason, Throwable cause) { closed.complete(code); }
      });
      client.send(Hex.decode("82 a2 69 64 02 a4 64 61 74 61 a1 78")); // data on id 2, never opened: 1002
      client.flush();
      assertEquals(1002, closed.get(10, TimeUnit.SECONDS), "close " + (i + 1) + " of 30");
    }
  }

  @Test
  void withoutResumptionStoppingNginxEndsBothSessionsAndRestartServesTheSameUri() throws Exception {
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try (Backend own = Backend.start(); Nginx proxy = Nginx.builder(own.port()).start()) {
      int port = proxy.port();
      ClientOptions.Builder noResume = proxy.clientOptions().resumeWindow(Duration.ZERO);
      Session[] s = connect(own, proxy, noResume);
      // A channel each way with its reader waiting: what a resumed session will have to carry over.
      Sender<Note> toServer = s[0].newSender(Note.class);
      toServer.send(new Note("up"));
      Receiver<Note> atServer = s[1].accept(Note.class);
      assertEquals(new Note("up"), atServer.receive());
      Sender<Note> toClient = s[1].newSender(Note.class);
      toClient.send(new Note("down"));
      Receiver<Note> atClient = s[0].accept(Note.class);
      assertEquals(new Note("down"), atClient.receive());
      Future<Note> serverWaits = readers.submit(() -> atServer.receive());
      Future<Note> clientWaits = readers.submit(() -> atClient.receive());

      proxy.stop();

      assertFalse(proxy.isRunning());
      dropped(s[0], "client");
      dropped(s[1], "server");
      assertFailsWithSessionClosed(clientWaits, "the client's waiting receive");
      assertFailsWithSessionClosed(serverWaits, "the server's waiting receive");
      assertNoOpenConnections(own);

      proxy.start();
      assertEquals(port, proxy.port(), "back on the same port: clients reconnect to the same URI");
      Session[] again = connect(own, proxy, noResume);
      roundTrip(again, "after start");

      proxy.restart();
      dropped(again[0], "client (restart)");
      dropped(again[1], "server (restart)");
      Session[] third = connect(own, proxy, noResume);
      roundTrip(third, "after restart");
      third[0].close();
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void restartingNginxMidStreamResumesTheSessionWithNothingLost() throws Exception {
    try (Backend own = Backend.start(); Nginx proxy = Nginx.builder(own.port()).start()) {
      Session[] s = connect(own, proxy, proxy.clientOptions()
          .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).connectTimeout(Duration.ofSeconds(2)));
      int total = 20_000;
      Sender<Note> up = s[0].newSender(Note.class);
      Sender<Note> down = s[1].newSender(Note.class);
      CompletableFuture<Void> sendingUp = CompletableFuture.runAsync(() -> sendAll(up, "up", total));
      CompletableFuture<Void> sendingDown = CompletableFuture.runAsync(() -> sendAll(down, "down", total));
      CompletableFuture<Integer> readingDown = CompletableFuture.supplyAsync(() -> readAll(s[0], "down"));
      Receiver<Note> atServer = s[1].accept(Note.class);
      int n = 0;
      for (Note note : atServer) {
        assertEquals(new Note("up " + n), note, "in order, exactly once");
        n++;
        if (n == 5_000 || n == 12_000) proxy.restart(); // drops every proxied connection mid-stream
      }
      assertEquals(total, n);
      assertEquals(total, readingDown.get(60, TimeUnit.SECONDS));
      sendingUp.get(60, TimeUnit.SECONDS);
      sendingDown.get(60, TimeUnit.SECONDS);
      assertTrue(s[0].isOpen() && s[1].isOpen(), "the session survived both restarts");
      assertEquals(1, own.opened.get(), "resumed, not reopened: the handler ran once");
      assertEquals(1, own.endpoint().resumableSessions());
      roundTrip(s, "after two restarts");
      s[0].close();
    }
  }

  private static void sendAll(Sender<Note> out, String prefix, int total) {
    try {
      for (int i = 0; i < total; i++) out.send(new Note(prefix + " " + i));
      out.close();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private static int readAll(Session at, String prefix) {
    try {
      int n = 0;
      for (Note note : at.accept(Note.class)) {
        assertEquals(new Note(prefix + " " + n), note, "in order, exactly once");
        n++;
      }
      return n;
    } catch (InterruptedException e) {
      throw new RuntimeException(e);
    }
  }

  /** nginx's read timeout in the keepalive tests: short, so that several of them pass in a few seconds. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /**
   * A backend whose sessions neither ping (they still answer pings) nor resume: whatever keeps a session up through
   * nginx is the client's keepalive, and a cut connection ends the session on both sides instead of being hidden by
   * a silent resume.
   */
  private static Backend unresumableBackend() {
    return Backend.start(b -> b.keepAlive(Duration.ZERO).resumeWindow(Duration.ZERO));
  }

  /** Extended-mode client options without resumption, pinging after {@code keepAlive} of silence (0: never). */
  private static ClientOptions.Builder unresumable(Nginx proxy, Duration keepAlive) {
    return proxy.clientOptions().resumeWindow(Duration.ZERO).keepAlive(keepAlive);
  }

  @Test
  void keepaliveOutlivesProxyReadTimeout() throws Exception {
    try (Backend own = unresumableBackend();
        Nginx strict = Nginx.builder(own.port()).readTimeout(READ_TIMEOUT).start()) {
      // The client pings after 250 ms of silence; the server's pong is what nginx waits for from upstream.
      Session[] pinging = connect(own, strict, unresumable(strict, Duration.ofMillis(250)));
      long start = System.nanoTime();
      // nginx's timer runs on the wall clock, so the test must let real read timeouts pass. It does not sleep: it
      // counts them. Each silent session (same options, no pings), opened after the previous one was cut, is cut
      // by nginx one read timeout later; three of them in a row span three timeouts of the pinging session's idleness.
      for (int i = 1; i <= 3; i++) {
        Session[] silent = connect(own, strict, unresumable(strict, Duration.ZERO));
        dropped(silent[0], "silent client " + i);
        dropped(silent[1], "silent server " + i);
      }
      long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(idle >= 3 * READ_TIMEOUT.toMillis() * 8 / 10, "three read timeouts passed: " + idle + " ms");
      // No application data crossed the pinging session meanwhile, and without resumption a cut would have ended it.
      assertFalse(pinging[0].closeFuture().isDone(), "pings kept the client session up for " + idle + " ms");
      assertFalse(pinging[1].closeFuture().isDone(), "pings kept the server session up for " + idle + " ms");
      roundTrip(pinging, "still here");
      roundTrip(new Session[] {pinging[1], pinging[0]}, "both ways");
      assertEquals(4, own.opened.get(), "one session per connection: the pinging one and three silent ones");
      pinging[0].close();
    }
  }

  @Test
  void withoutPingsBelowTheReadTimeoutNginxCutsTheIdleSession() throws Exception {
    try (Backend own = unresumableBackend();
        Nginx strict = Nginx.builder(own.port()).readTimeout(READ_TIMEOUT).start()) {
      long start = System.nanoTime();
      // The twin of the test above, with keepalive off, and with an interval longer than nginx's timeout.
      Session[] off = connect(own, strict, unresumable(strict, Duration.ZERO));
      Session[] tooSlow = connect(own, strict, unresumable(strict, READ_TIMEOUT.multipliedBy(4)));
      dropped(off[0], "client without keepalive");
      dropped(off[1], "server of the client without keepalive");
      dropped(tooSlow[0], "client pinging every 4 s");
      dropped(tooSlow[1], "server of the client pinging every 4 s");
      long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(lived >= READ_TIMEOUT.toMillis() * 8 / 10, "cut by the read timeout, not at once: " + lived + " ms");
      assertTrue(lived < READ_TIMEOUT.multipliedBy(4).toMillis(), "cut before any ping or keepalive timeout: "
          + lived + " ms");
      assertTrue(strict.errorLog().contains("upstream timed out"), "nginx's read timeout cut them:\n"
          + strict.errorLog());
    }
  }

  private static Session[] connect(Backend to, Nginx proxy, ClientOptions.Builder options) throws Exception {
    String query = to.nextQuery();
    Session client = ChanClient.connect(proxy.uri("/chan?" + query), options.build());
    return new Session[] {client, to.await(query).session()};
  }

  /** The session ended because its connection was cut: it fails (1006), it does not end normally. */
  private static void dropped(Session s, String side) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> s.closeFuture().get(10, TimeUnit.SECONDS),
        side + " session must fail, not end normally");
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(1006, closed.closeCode(), side + ": " + closed.getMessage());
    assertFalse(s.isOpen());
  }

  private static void assertFailsWithSessionClosed(Future<?> f, String what) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS), what);
    assertInstanceOf(SessionClosedException.class, e.getCause(), what);
  }

  /** The endpoint forgets a connection before its session is told of the close (WebSocketTransport). */
  private static void assertNoOpenConnections(Backend b) {
    assertEquals(0, b.endpoint().openConnections(), "the server released the dropped connection");
  }
}
