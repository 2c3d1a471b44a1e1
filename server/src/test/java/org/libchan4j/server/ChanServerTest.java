package org.libchan4j.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;

class ChanServerTest {
  private static HttpClient http;
  private final List<ChanServer> servers = new ArrayList<>();

  @BeforeAll
  static void client() {
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void noClient() {
    http = null;
  }

  @AfterEach
  void stopServers() {
    for (ChanServer s : servers) s.shutdown(Duration.ofSeconds(5));
  }

  private ChanServer start(ChanEndpoint.Builder endpoint) {
    return start(ChanServer.builder(endpoint.build()));
  }

  private ChanServer start(ChanServer.Builder b) {
    ChanServer s = b.build();
    servers.add(s);
    return s.start();
  }

  private static String origin(ChanServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  @Test
  void staticFileAndWebSocketShareOnePort() throws Exception {
    ChanServer s = start(ChanServer.builder(TestEndpoints.echo().build())
        .staticFiles(getClass().getClassLoader(), "/web"));
    assertTrue(s.port() > 0);
    assertEquals("ws://127.0.0.1:" + s.port() + "/chan", s.uri().toString());

    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(origin(s) + "/hello.txt")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals("hello from the classpath\n", r.body());
    HttpResponse<String> missing = http.send(
        HttpRequest.newBuilder(URI.create(origin(s) + "/nope.txt")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());

    WsProbe p = WsProbe.connect(http, s.uri(), Map.of());
    p.send(new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, p.next());
  }

  @Test
  void staticFilesFromADirectory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("index.html"), "<p>hi</p>");
    ChanServer s = start(ChanServer.builder(TestEndpoints.echo().build()).staticFiles(dir));
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create(origin(s) + "/index.html")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    assertEquals("<p>hi</p>", r.body());
  }

  @Test
  void tenThousandMessagesComeBackInOrder() throws Exception {
    ChanServer s = start(TestEndpoints.echo());
    WsProbe p = WsProbe.connect(http, s.uri(), Map.of());
    int n = 10_000;
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      try {
        // The echo's sends may leave together (frames queued behind a write in flight share a message).
        for (int i = 0; i < n; ) {
          ByteBuffer m = ByteBuffer.wrap(p.next());
          while (m.hasRemaining()) assertEquals(i++, m.getInt());
        }
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
    });
    for (int i = 0; i < n; i++) p.send(ByteBuffer.allocate(4).putInt(i).array());
    reader.get(60, TimeUnit.SECONDS);
  }

  @Test
  void messagesBeforeStartAreHeldAndCloseFlushesTheQueueFirst() throws Exception {
    CompletableFuture<Void> clientSent = new CompletableFuture<>();
    ChanServer s = start(TestEndpoints.raw((t, h) -> {
      clientSent.get(20, TimeUnit.SECONDS); // the client's messages arrive before the transport is started
      List<byte[]> got = new ArrayList<>();
      CompletableFuture<Void> three = new CompletableFuture<>();
      t.start(new TestEndpoints.Closing() {
        @Override
        public void onMessage(byte[] message) {
          got.add(message);
          if (got.size() == 3) three.complete(null);
        }
      });
      three.get(20, TimeUnit.SECONDS);
      for (int i = 0; i < 1000; i++) t.send(new byte[] {got.get(i % 3)[0], (byte) i});
      t.flush(); // frames queued behind a write in flight leave together: messages may hold several
      t.close(CloseCodes.NORMAL, "done");
      t.send(new byte[] {99}); // after close: dropped
    }));
    WsProbe p = WsProbe.connect(http, s.uri(), Map.of());
    for (int i = 0; i < 3; i++) p.send(new byte[] {(byte) (10 + i)});
    clientSent.complete(null);
    java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 1000; i++) want.write(new byte[] {(byte) (10 + i % 3), (byte) i});
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    while (got.size() < want.size()) got.write(p.next());
    assertArrayEquals(want.toByteArray(), got.toByteArray(), "every frame, in order, before the close");
    assertEquals(CloseCodes.NORMAL, p.awaitClose());
    assertEquals("done", p.closeReason);
    assertTrue(p.messages.isEmpty());
  }

  @Test
  void handlerSeesTheHandshakeOnTheExecutor() throws Exception {
    ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-executor"));
    try {
      CompletableFuture<HandshakeInfo> seen = new CompletableFuture<>();
      CompletableFuture<String> thread = new CompletableFuture<>();
      ChanServer s = start(TestEndpoints.raw((t, h) -> {
        thread.complete(Thread.currentThread().getName());
        seen.complete(h);
        TestEndpoints.echo(t, h);
      }).subprotocols("chan.v2", "chan.v1").executor(exec));
      WsProbe.connect(http, URI.create(s.uri() + "?user=ann&x=1"),
          Map.of("Cookie", "sid=abc; theme=\"dark\"", "X-Trace", "t-1", "X-Libchan4j-Connection", "spoofed"), true,
          "chan.v1", "other");
      HandshakeInfo h = seen.get(20, TimeUnit.SECONDS);
      assertEquals("app-executor", thread.get());
      assertEquals("/chan", h.path());
      assertEquals("user=ann&x=1", h.query());
      assertEquals("t-1", h.header("x-trace"));
      assertEquals(Map.of("sid", "abc", "theme", "dark"), h.cookies());
      assertEquals("127.0.0.1", h.remoteAddress());
      assertEquals("chan.v1", h.subprotocol());
      assertNull(h.origin());
      assertNull(h.header("X-Libchan4j-Connection"), "the frame guard's internal header is not shown");
    } finally {
      exec.shutdownNow();
    }
  }

  @Test
  void foreignOriginIsRefusedByDefault() throws Exception {
    ChanServer s = start(TestEndpoints.echo());
    assertEquals(403, handshakeStatus(s.uri(), Map.of("Origin", "http://evil.example")));
    assertEquals(403, handshakeStatus(s.uri(), Map.of("Origin", "http://127.0.0.1:1")));
    assertEquals(403, handshakeStatus(s.uri(), Map.of("Origin", "null")));
    // same origin, and no Origin at all (non-browser clients)
    WsProbe.connect(http, s.uri(), Map.of("Origin", origin(s))).send(new byte[] {1});
    WsProbe.connect(http, s.uri(), Map.of()).send(new byte[] {1});
  }

  @Test
  void allowListedOriginIsAccepted() throws Exception {
    ChanServer s = start(TestEndpoints.echo().originPolicy(
        OriginPolicy.sameOriginAnd("https://app.example.com", "http://localhost:5173").requireOrigin()));
    WsProbe p = WsProbe.connect(http, s.uri(), Map.of("Origin", "https://app.example.com:443"));
    p.send(new byte[] {7});
    assertArrayEquals(new byte[] {7}, p.next());
    WsProbe.connect(http, s.uri(), Map.of("Origin", "http://localhost:5173"));
    WsProbe.connect(http, s.uri(), Map.of("Origin", origin(s)));
    assertEquals(403, handshakeStatus(s.uri(), Map.of("Origin", "https://evil.example.com")));
    assertEquals(403, handshakeStatus(s.uri(), Map.of())); // requireOrigin
  }

  @Test
  void authenticatorRejectsBeforeTheUpgrade() throws Exception {
    CompletableFuture<HandshakeInfo> opened = new CompletableFuture<>();
    ChanServer s = start(TestEndpoints.raw((t, h) -> {
      opened.complete(h);
      TestEndpoints.echo(t, h);
    }).authenticator(h -> {
      String auth = h.header("Authorization");
      if (auth == null) return AuthResult.unauthorized("no credentials");
      if (!auth.equals("Bearer good")) return AuthResult.forbidden("bad token");
      return AuthResult.allow("ann");
    }));
    assertEquals(401, handshakeStatus(s.uri(), Map.of()));
    assertEquals(403, handshakeStatus(s.uri(), Map.of("Authorization", "Bearer bad")));
    assertEquals(0, s.endpoint().openConnections());
    WsProbe p = WsProbe.connect(http, s.uri(), Map.of("Authorization", "Bearer good"));
    assertEquals("ann", opened.get(20, TimeUnit.SECONDS).principal());
    p.send(new byte[] {9});
    assertArrayEquals(new byte[] {9}, p.next());
  }

  @Test
  void textMessageClosesWith1003() throws Exception {
    TestEndpoints.Closing server = new TestEndpoints.Closing();
    ChanServer s = start(TestEndpoints.raw((t, h) -> t.start(server)));
    WsProbe p = WsProbe.connect(http, s.uri(), Map.of());
    p.ws.sendText("{\"id\":1}", true).get(20, TimeUnit.SECONDS);
    assertEquals(CloseCodes.UNSUPPORTED_DATA, p.awaitClose());
    assertTrue(p.closeReason.contains("binary-only"), p.closeReason);
    assertEquals(CloseCodes.UNSUPPORTED_DATA, server.code.get(20, TimeUnit.SECONDS)[0]);
  }

  @Test
  void oversizeMessageClosesOnlyThatSessionWith1009() throws Exception {
    java.util.concurrent.BlockingQueue<Integer> serverCloses = new java.util.concurrent.LinkedBlockingQueue<>();
    ChanServer s = start(TestEndpoints.raw((t, h) -> t.start(new org.libchan4j.transport.TransportListener() {
      @Override
      public void onMessage(byte[] message) {
        t.send(message);
        t.flush();
      }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {
        serverCloses.add(code);
      }
    })).limits(Limits.defaults().withMaxMessageBytes(1024)));
    WsProbe bad = WsProbe.connect(http, s.uri(), Map.of());
    WsProbe good = WsProbe.connect(http, s.uri(), Map.of());
    bad.send(new byte[1024]); // exactly the limit is fine
    assertEquals(1024, bad.next().length);
    bad.send(new byte[1025]);
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, bad.awaitClose());
    assertTrue(bad.closeReason.contains("maxMessageBytes"), bad.closeReason);
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, serverCloses.poll(20, TimeUnit.SECONDS));
    // fragmented: two frames adding up to more than the limit
    WsProbe frag = WsProbe.connect(http, s.uri(), Map.of());
    frag.ws.sendBinary(ByteBuffer.allocate(600), false).get(20, TimeUnit.SECONDS);
    frag.ws.sendBinary(ByteBuffer.allocate(600), true).get(20, TimeUnit.SECONDS);
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, frag.awaitClose());
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, serverCloses.poll(20, TimeUnit.SECONDS));
    // far beyond the limit in one frame: refused from its header, before the payload is buffered. The server
    // closes while the client is still writing, so the client may see a broken pipe instead of the close frame.
    WsProbe huge = WsProbe.connect(http, s.uri(), Map.of());
    huge.ws.sendBinary(ByteBuffer.allocate(1 << 20), true);
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, serverCloses.poll(20, TimeUnit.SECONDS));
    try {
      assertEquals(CloseCodes.MESSAGE_TOO_BIG, huge.awaitClose(), huge.closeReason);
    } catch (ExecutionException brokenPipe) {
      assertTrue(brokenPipe.getCause() instanceof java.io.IOException, brokenPipe.toString());
    }
    for (int i = 0; i < 100; i++) {
      good.send(new byte[] {(byte) i});
      assertArrayEquals(new byte[] {(byte) i}, good.next());
    }
    assertNull(serverCloses.poll());
  }

  @Test
  void peerThatNeverReadsIsClosedWith1008() throws Exception {
    TestEndpoints.Closing closing = new TestEndpoints.Closing();
    CompletableFuture<org.libchan4j.transport.Transport> transport = new CompletableFuture<>();
    ChanServer s = start(TestEndpoints.raw((t, h) -> {
      t.start(closing);
      transport.complete(t);
    }).limits(Limits.defaults().withMaxBufferedBytes(256 * 1024)));
    WsProbe stalled = WsProbe.connect(http, s.uri(), Map.of(), false);
    org.libchan4j.transport.Transport t = transport.get(20, TimeUnit.SECONDS);
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 10_000 && !closing.code.isDone(); i++) { // ~640 MiB if nothing stopped it
      t.send(chunk);
      t.flush();
    }
    assertEquals(CloseCodes.POLICY_VIOLATION, closing.code.get(20, TimeUnit.SECONDS)[0]);
    assertTrue(closing.reason.contains("outbound buffer exceeded"), closing.reason);
    assertEquals(0, ((org.libchan4j.websocket.internal.WebSocketTransport) t).queuedBytes());
    stalled.ws.abort();
  }

  @Test
  void shutdownRefusesNewHandshakes() throws Exception {
    ChanServer s = start(TestEndpoints.echo());
    URI uri = s.uri();
    s.shutdown(Duration.ofSeconds(5));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> http.newWebSocketBuilder().buildAsync(uri, new WsProbe.Nop()).get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof java.io.IOException, e.toString());
  }

  /** The HTTP status of a refused handshake. */
  static int handshakeStatus(URI uri, Map<String, String> headers) throws Exception {
    java.net.http.WebSocket.Builder b = http.newWebSocketBuilder();
    headers.forEach(b::header);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> b.buildAsync(uri, new WsProbe.Nop()).get(20, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
    return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
  }
}
