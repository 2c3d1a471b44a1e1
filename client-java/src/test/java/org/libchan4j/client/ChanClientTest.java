package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libchan4j.CloseCodes;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.HandshakeInfo;
import org.libchan4j.testing.TestCerts;
import org.libchan4j.server.TestEndpoints;
import org.libchan4j.transport.InMemoryTransport;
import org.libchan4j.transport.TransportListener;
import org.libchan4j.websocket.internal.WebSocketTransport;

class ChanClientTest {
  @TempDir static Path tmp;
  private static TestCerts certs;
  private final List<ChanServer> servers = new ArrayList<>();
  private final List<WebSocketTransport> clients = new ArrayList<>();

  @BeforeAll
  static void certificates() throws Exception {
    certs = TestCerts.generate(tmp);
  }

  @AfterEach
  void cleanUp() {
    for (WebSocketTransport c : clients) c.close(CloseCodes.NORMAL, "test over");
    for (ChanServer s : servers) s.shutdown(Duration.ofSeconds(5));
  }

  private ChanServer start(ChanServer.Builder b) {
    ChanServer s = b.build();
    servers.add(s);
    return s.start();
  }

  private ChanServer start(ChanEndpoint.Builder e) {
    return start(ChanServer.builder(e.build()));
  }

  /** A started client transport that records what it receives. */
  private Recorder connect(URI uri, ClientOptions options) {
    WebSocketTransport t = ChanClient.connectTransport(uri, options);
    clients.add(t);
    Recorder r = new Recorder(t);
    t.start(r);
    return r;
  }

  @Test
  void echoOverWs() throws Exception {
    ChanServer s = start(TestEndpoints.echo());
    Recorder c = connect(s.uri(), ClientOptions.defaults());
    for (int i = 0; i < 100; i++) c.send(new byte[] {(byte) i, 42});
    byte[] want = new byte[200];
    for (int i = 0; i < 100; i++) want[2 * i] = (byte) i;
    for (int i = 0; i < 100; i++) want[2 * i + 1] = 42;
    assertArrayEquals(want, c.nextBytes(200), "every message echoed, in order");
  }

  @Test
  void headersAndSubprotocolReachTheServer() throws Exception {
    CompletableFuture<HandshakeInfo> seen = new CompletableFuture<>();
    ChanServer s = start(TestEndpoints.raw((t, h) -> {
      seen.complete(h);
      TestEndpoints.echo(t, h);
    }).subprotocols("chan.v1"));
    connect(s.uri(), ClientOptions.builder().header("Authorization", "Bearer x").header("X-Tenant", "t1")
        .subprotocols("chan.v2", "chan.v1").mode(SessionOptions.Mode.COMPAT).build());
    HandshakeInfo h = seen.get(20, TimeUnit.SECONDS);
    assertEquals("Bearer x", h.header("authorization"));
    assertEquals("t1", h.header("X-Tenant"));
    assertEquals("chan.v1", h.subprotocol());
  }

  @Test
  void negotiatedSubprotocolIsExposed() throws Exception {
    ChanServer s = start(ChanEndpoint.builder((session, handshake) -> {}).subprotocols("chan.v1"));
    // A WebSocket has one subprotocol: an application's own means the compat mode, so these offer only theirs.
    ClientOptions.Builder compat = ClientOptions.builder().mode(SessionOptions.Mode.COMPAT);
    try (Session offered = ChanClient.connect(s.uri(), compat.subprotocols("chan.v2", "chan.v1").build());
        Session unsupported = ChanClient.connect(s.uri(), compat.subprotocols("chan.v9").build());
        Session none = ChanClient.connect(s.uri(), compat.subprotocols().build())) {
      assertEquals("chan.v1", ChanClient.subprotocol(offered));
      assertNull(ChanClient.subprotocol(unsupported));
      assertNull(ChanClient.subprotocol(none));
      offered.close();
      assertEquals("chan.v1", ChanClient.subprotocol(offered), "still known after the close");
    }
    Session inMemory = Session.open(InMemoryTransport.pair()[0], SessionOptions.builder(Session.Role.CLIENT).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChanClient.subprotocol(inMemory));
    assertTrue(e.getMessage().contains("ChanClient.connect"), e.getMessage());
    inMemory.close();
  }

  @Test
  void rejectedHandshakeIsTypedWithItsStatus() throws Exception {
    ChanServer s = start(TestEndpoints.echo().authenticator(h -> {
      String a = h.header("Authorization");
      if (a == null) return AuthResult.unauthorized("no credentials");
      return a.equals("Bearer good") ? AuthResult.allow() : AuthResult.forbidden("bad token");
    }));
    HandshakeRejectedException e401 = assertThrows(HandshakeRejectedException.class,
        () -> ChanClient.connect(s.uri(), ClientOptions.defaults()));
    assertEquals(401, e401.status());
    assertTrue(e401.getMessage().contains("401"), e401.getMessage());
    HandshakeRejectedException e403 = assertThrows(HandshakeRejectedException.class,
        () -> ChanClient.connect(s.uri(), ClientOptions.builder().header("Authorization", "Bearer bad").build()));
    assertEquals(403, e403.status());

    Recorder ok = connect(s.uri(), ClientOptions.builder().header("Authorization", "Bearer good").build());
    ok.send(new byte[] {5});
    assertArrayEquals(new byte[] {5}, ok.next());
  }

  @Test
  void foreignOriginHeaderIsRefusedWith403() {
    ChanServer s = start(TestEndpoints.echo());
    HandshakeRejectedException e = assertThrows(HandshakeRejectedException.class,
        () -> ChanClient.connect(s.uri(), ClientOptions.builder().header("Origin", "https://evil.example").build()));
    assertEquals(403, e.status());
  }

  @Test
  void tlsRoundTripWithACustomTruststore() throws Exception {
    ChanServer s = start(ChanServer.builder(TestEndpoints.echo().build()).tls(certs.keystore, TestCerts.PASSWORD));
    assertEquals("wss", s.uri().getScheme());
    Recorder c = connect(s.uri(), ClientOptions.builder().trustStore(certs.truststore, TestCerts.PASSWORD).build());
    c.send(new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, c.next());

    TlsFailureException untrusted = assertThrows(TlsFailureException.class,
        () -> ChanClient.connect(s.uri(), ClientOptions.builder().connectTimeout(Duration.ofSeconds(20)).build()));
    assertTrue(untrusted.getMessage().contains("TLS"), untrusted.getMessage());
  }

  @Test
  void wssRefusesATrustedCertificateIssuedForAnotherHost() throws Exception {
    // Trusted through its own truststore, valid for the name localhost only: not for the address 127.0.0.1.
    TestCerts localhostOnly = TestCerts.generateFor(Files.createDirectory(tmp.resolve("localhost-only")),
        "localhost", "dns:localhost");
    ChanServer s = start(ChanServer.builder(TestEndpoints.echo().build())
        .tls(localhostOnly.keystore, TestCerts.PASSWORD));
    ClientOptions trusting = ClientOptions.builder().trustStore(localhostOnly.truststore, TestCerts.PASSWORD).build();
    URI byName = URI.create("wss://localhost:" + s.port() + "/chan");
    Recorder c = connect(byName, trusting);
    c.send(new byte[] {7});
    assertArrayEquals(new byte[] {7}, c.next(), "the right name connects");

    URI byAddress = URI.create("wss://127.0.0.1:" + s.port() + "/chan");
    TlsFailureException address = assertThrows(TlsFailureException.class, () -> ChanClient.connect(byAddress, trusting));
    assertTrue(address.getMessage().contains(byAddress.toString()), address.getMessage());
    // The JDK's endpoint identification: refused for the names the certificate carries, not for its trust.
    Throwable why = assertInstanceOf(CertificateException.class, rootCause(address));
    assertTrue(why.getMessage().contains("No subject alternative names matching IP address 127.0.0.1"), why.toString());

    // A certificate for a name this machine does not even resolve, trusted too, served to a client asking for localhost.
    TestCerts elsewhere = TestCerts.generateFor(Files.createDirectory(tmp.resolve("elsewhere")),
        "elsewhere.example", "dns:elsewhere.example");
    ChanServer other = start(ChanServer.builder(TestEndpoints.echo().build())
        .tls(elsewhere.keystore, TestCerts.PASSWORD));
    URI localhost = URI.create("wss://localhost:" + other.port() + "/chan");
    TlsFailureException name = assertThrows(TlsFailureException.class, () -> ChanClient.connect(localhost,
        ClientOptions.builder().trustStore(elsewhere.truststore, TestCerts.PASSWORD).build()));
    Throwable whyName = assertInstanceOf(CertificateException.class, rootCause(name));
    assertTrue(whyName.getMessage().contains("No subject alternative DNS name matching localhost"), whyName.toString());
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t;
  }

  @Test
  void plainClientAgainstTheTlsPortFailsClearly() {
    ChanServer s = start(ChanServer.builder(TestEndpoints.echo().build()).tls(certs.keystore, TestCerts.PASSWORD));
    URI plain = URI.create("ws://127.0.0.1:" + s.port() + "/chan");
    // Grizzly closes the plain connection at once; the client reports that at once rather than at the timeout.
    ChanConnectException e = assertThrows(ChanConnectException.class,
        () -> ChanClient.connect(plain, ClientOptions.builder().connectTimeout(Duration.ofSeconds(30)).build()));
    assertFalse(e instanceof ConnectTimeoutException, e.toString());
    assertTrue(e.getMessage().contains(plain.toString()) && e.getMessage().contains("wss://"), e.getMessage());
  }

  @Test
  void connectionRefusedIsTyped() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    URI uri = URI.create("ws://127.0.0.1:" + port + "/chan");
    ConnectionRefusedException e = assertThrows(ConnectionRefusedException.class,
        () -> ChanClient.connect(uri, ClientOptions.defaults()));
    assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
  }

  @Test
  void silentServerTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.accept(); // accepts and never answers
        } catch (java.io.IOException e) {
          throw new RuntimeException(e);
        }
      });
      URI uri = URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/chan");
      ConnectTimeoutException e = assertThrows(ConnectTimeoutException.class,
          () -> ChanClient.connect(uri, ClientOptions.builder().connectTimeout(Duration.ofMillis(500)).build()));
      assertEquals(Duration.ofMillis(500), e.timeout());
      accepted.get(20, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void serverShutdownReaches1001() throws Exception {
    ChanServer s = start(TestEndpoints.echo());
    Recorder c = connect(s.uri(), ClientOptions.defaults());
    c.send(new byte[] {1});
    c.next();
    s.shutdown(Duration.ofSeconds(10));
    assertEquals(CloseCodes.GOING_AWAY, c.closed.get(20, TimeUnit.SECONDS));
  }

  @Test
  void closedClientsAndAStoppedServerLeaveNoThreads() throws Exception {
    int before = Thread.activeCount();
    ChanServer s = ChanServer.builder(TestEndpoints.echo().build()).build().start();
    for (int i = 0; i < 3; i++) {
      WebSocketTransport t = ChanClient.connectTransport(s.uri(), ClientOptions.defaults());
      Recorder r = new Recorder(t);
      t.start(r);
      r.send(new byte[] {(byte) i});
      r.next();
      t.close(CloseCodes.NORMAL, "bye");
      assertEquals(CloseCodes.NORMAL, r.closed.get(20, TimeUnit.SECONDS));
    }
    assertTrue(s.shutdown(Duration.ofSeconds(10)));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (Thread.activeCount() > before && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // polling a condition, bounded
    }
    assertTrue(Thread.activeCount() <= before, "threads left: " + Thread.activeCount() + " > " + before);
  }

  @Test
  void rejectsNonWebSocketUris() {
    assertThrows(IllegalArgumentException.class,
        () -> ChanClient.connect(URI.create("http://127.0.0.1/chan"), ClientOptions.defaults()));
  }

  static final class Recorder implements TransportListener {
    final WebSocketTransport transport;
    final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();

    Recorder(WebSocketTransport transport) {
      this.transport = transport;
    }

    /** Queues {@code frame} and writes it, as a session does after releasing its lock. */
    void send(byte[] frame) {
      transport.send(frame);
      transport.flush();
    }

    /** The next {@code n} bytes, over as many messages as they came in (frames may share a message). */
    byte[] nextBytes(int n) throws InterruptedException {
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      while (got.size() < n) got.writeBytes(next());
      return got.toByteArray();
    }

    byte[] next() throws InterruptedException {
      byte[] m = messages.poll(20, TimeUnit.SECONDS);
      if (m == null) throw new AssertionError("no message within 20 s");
      return m;
    }

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
    }

    @Override
    public void onClosed(int code, String reason, Throwable cause) {
      closed.complete(code);
    }
  }
}
