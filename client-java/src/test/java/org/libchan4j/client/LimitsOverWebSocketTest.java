package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.SessionOptions;
import org.libchan4j.testing.RawPeer;

/**
 * PROTOCOL.md 6.8 over WebSocket: a peer that breaks a limit loses its own session, with the documented close code
 * and a reason naming the limit, while another session on the same server keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LimitsOverWebSocketTest {
  static final Limits LIMITS = Limits.defaults().withMaxDepth(4).withMaxContainerSize(8).withMaxStringBytes(16)
      .withMaxBinBytes(16).withMaxOpenChannels(4).withMaxPendingFrames(4).withMaxBufferedBytes(2048);
  /** Server sessions by the connection number in their query. */
  private static final Map<String, CompletableFuture<Session>> serverSessions = new ConcurrentHashMap<>();
  private static final AtomicInteger connections = new AtomicInteger();
  private static ChanServer server;

  private Session healthy;
  private Sender<Request> healthyRequests;
  private Session healthyServerSide;

  public record Request(int n, Sender<Integer> reply) {}

  @BeforeAll
  static void startServer() {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {
      String[] query = handshake.query().split("&"); // c=<n>&mode=<echo|idle>
      serverSide(query[0]).complete(session);
      if (query[1].equals("mode=idle")) return; // never reads
      Receiver<Request> requests = session.accept(Request.class);
      for (Request r : requests) {
        r.reply().send(r.n() + 1);
        r.reply().close();
      }
    }).limits(LIMITS).build()).build().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static CompletableFuture<Session> serverSide(String connection) {
    return serverSessions.computeIfAbsent(connection, c -> new CompletableFuture<>());
  }

  /** A new connection's URI and the future of its server-side session. */
  private static URI uri(String mode, CompletableFuture<?>[] serverSide) {
    String c = "c=" + connections.incrementAndGet();
    serverSide[0] = serverSide(c);
    return URI.create(server.uri() + "?" + c + "&mode=" + mode);
  }

  @BeforeEach
  void openHealthySession() throws Exception {
    CompletableFuture<?>[] side = new CompletableFuture<?>[1];
    healthy = ChanClient.connect(uri("echo", side));
    healthyServerSide = (Session) side[0].get(10, TimeUnit.SECONDS);
    healthyRequests = healthy.newSender(Request.class); // the server's handler reads this one channel
    assertRequestReply(healthyRequests, 1);
  }

  @AfterEach
  void healthySessionKeptWorking() throws Exception {
    assertTrue(healthy.isOpen() && healthyServerSide.isOpen(), "the other session is still open");
    assertRequestReply(healthyRequests, 41);
    healthy.close();
  }

  private static void assertRequestReply(Sender<Request> requests, int n) throws Exception {
    Pipe<Integer> reply = Pipe.create();
    requests.send(new Request(n, reply.sender()));
    assertEquals(n + 1, reply.receiver().receiveAsync().get(10, TimeUnit.SECONDS));
    assertNull(reply.receiver().receiveAsync().get(10, TimeUnit.SECONDS));
  }

  /** A raw peer on a new connection whose server side never reads, and that server session. */
  private static RawPeer rawPeer(Session[] serverSide) throws Exception {
    CompletableFuture<?>[] side = new CompletableFuture<?>[1];
    // Raw jschan-framed bytes: offer no subprotocol, so the server speaks the compat framing.
    RawPeer peer = new RawPeer(ChanClient.connectTransport(uri("idle", side),
        ClientOptions.builder().mode(SessionOptions.Mode.COMPAT).build()));
    serverSide[0] = (Session) side[0].get(10, TimeUnit.SECONDS);
    return peer;
  }

  /** Sends {@code frames}, expects the close with {@code code} and a reason naming {@code limit}, on both sides. */
  private static void assertRawPeerClosed(int code, String limit, String... frames) throws Exception {
    Session[] serverSide = new Session[1];
    RawPeer peer = rawPeer(serverSide);
    for (String frame : frames) peer.sendHex(frame);
    assertEquals(code, peer.awaitClose(), peer.closeReason());
    assertTrue(peer.closeReason().contains(limit), peer.closeReason());
    assertServerSessionFailed(serverSide[0], code, limit);
  }

  private static void assertServerSessionFailed(Session s, int code, String limit) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> s.closeFuture().get(10, TimeUnit.SECONDS));
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(code, closed.closeCode());
    assertTrue(closed.getMessage().contains(limit), closed.getMessage());
  }

  /** A Java client session whose server side never reads. */
  private static Session[] idleSession() throws Exception {
    CompletableFuture<?>[] side = new CompletableFuture<?>[1];
    Session client = ChanClient.connect(uri("idle", side));
    return new Session[] {client, (Session) side[0].get(10, TimeUnit.SECONDS)};
  }

  private static void assertClientSessionFailed(Session client, int code, String limit) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.closeFuture().get(10, TimeUnit.SECONDS));
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(code, closed.closeCode());
    assertTrue(closed.getMessage().contains(limit), closed.getMessage());
  }

  // Frames are {"id": 1, "data": <value>, "parent": nil}: a new top-level channel from the client.
  private static String newChannel(String data) {
    return "83 a2 69 64 01 a4 64 61 74 61 " + data + " a6 70 61 72 65 6e 74 c0";
  }

  @Test
  void nestingDepth() throws Exception {
    // [[[[1]]]] inside the frame map: depth 5
    assertRawPeerClosed(CloseCodes.MESSAGE_TOO_BIG, "maxDepth 4", newChannel("91 91 91 91 01"));
  }

  @Test
  void containerSize() throws Exception {
    assertRawPeerClosed(CloseCodes.MESSAGE_TOO_BIG, "maxContainerSize 8",
        newChannel("99 01 02 03 04 05 06 07 08 09"));
  }

  @Test
  void stringLength() throws Exception {
    assertRawPeerClosed(CloseCodes.MESSAGE_TOO_BIG, "maxStringBytes 16", newChannel("b1" + " 78".repeat(17)));
  }

  @Test
  void binLength() throws Exception {
    assertRawPeerClosed(CloseCodes.MESSAGE_TOO_BIG, "maxBinBytes 16", newChannel("c4 11" + " 00".repeat(17)));
  }

  @Test
  void pendingFrames() throws Exception {
    // {"id": 3, "data": 1}: data for a channel whose reference never arrives, five times
    String early = "82 a2 69 64 03 a4 64 61 74 61 01";
    assertRawPeerClosed(CloseCodes.POLICY_VIOLATION, "maxPendingFrames 4", early, early, early, early, early);
  }

  @Test
  void openChannels() throws Exception {
    Session[] s = idleSession();
    for (int i = 1; i <= 5; i++) {
      try {
        s[0].newSender(Integer.class).send(i); // each channel reaches the server with its first message
      } catch (SessionClosedException closedMeanwhile) {
        break;
      }
    }
    assertClientSessionFailed(s[0], CloseCodes.POLICY_VIOLATION, "maxOpenChannels 4");
    assertServerSessionFailed(s[1], CloseCodes.POLICY_VIOLATION, "maxOpenChannels 4");
  }

  @Test
  void bufferedBytesOfAHandlerThatNeverReads() throws Exception {
    // {"id": 1, "data": "xxxxxxxxxxxxxxxx"}: 27 bytes, the first frame 35 with "parent": nil. The server holds them
    // for an application that never reads: 75 frames are 2033 bytes, the 76th exceeds 2048. It is the last frame
    // sent, so the close is not overtaken by a reset.
    String text = " b0" + " 78".repeat(16);
    String[] frames = new String[76];
    frames[0] = newChannel(text);
    for (int i = 1; i < frames.length; i++) frames[i] = "82 a2 69 64 01 a4 64 61 74 61" + text;
    assertRawPeerClosed(CloseCodes.POLICY_VIOLATION, "maxBufferedBytes 2048", frames);
  }
}
