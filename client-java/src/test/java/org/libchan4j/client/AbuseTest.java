package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions.Mode;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.Hex;
import org.libchan4j.testing.RawPeer;

/**
 * Hostile peers against a real {@link ChanServer}, in both wire modes where the mode matters. Each case ends the
 * offending connection with the close code PROTOCOL.md documents and a specific error on the server side, while a
 * well-behaved session on the same server keeps exchanging requests and replies before, during and after; the
 * server's resources return to their baseline. The peers are plain sockets ({@link RawWebSocket}) writing bytes no
 * client library would produce.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AbuseTest {
  /** Small enough that oversize and flood cases are quick; everything else at its default. */
  static final Limits LIMITS = Limits.defaults().withMaxMessageBytes(64 * 1024);

  private final Map<String, CompletableFuture<Session>> serverSessions = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  /** How many messages the firehose handler had sent when its session ended. */
  private final CompletableFuture<Integer> firehoseSent = new CompletableFuture<>();
  private ChanServer server;
  private Healthy healthy;

  public record Request(int n, Sender<Integer> reply) {}

  public record Firehose(int count, int size, Sender<byte[]> out) {}

  // ------------------------------------------------------------------ the server and the well-behaved session

  /** Starts the server and connects the well-behaved session. */
  private void start(Limits limits, Duration handshakeTimeout) throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> {
      Map<String, String> q = query(handshake.query());
      serverSession(q.get("c")).complete(session);
      switch (q.get("role")) {
        case "echo": // the well-behaved session: request/reply on one channel
          try {
            for (Request r : session.accept(Request.class)) {
              r.reply().send(r.n() + 1);
              r.reply().close();
            }
          } catch (SessionClosedException closed) {
            // the client left
          }
          break;
        case "firehose": // writes what the peer asks for, as fast as the session lets it
          Firehose f = session.accept(Firehose.class).receive();
          int sent = 0;
          try {
            for (; sent < f.count(); sent++) f.out().send(new byte[f.size()]);
          } catch (SessionClosedException expected) {
            // the case under test
          } finally {
            firehoseSent.complete(sent);
          }
          break;
        default: // "idle": never accepts a channel
      }
    }).limits(limits).build();
    server = ChanServer.builder(endpoint).handshakeTimeout(handshakeTimeout).build().start();
    healthy = new Healthy();
  }

  private void start() throws Exception {
    start(LIMITS, Duration.ofSeconds(10));
  }

  @AfterEach
  void otherSessionKeptWorkingAndResourcesWereReleased() throws Exception {
    try {
      if (healthy != null) {
        healthy.exchange();
        assertTrue(healthy.client.isOpen() && healthy.server.isOpen(), "the well-behaved session is still open");
        ClientRuntimeTest.await(() -> server.endpoint().openConnections() == 1,
            "only the well-behaved connection is left on the server");
        healthy.client.close();
      }
    } finally {
      if (server != null) server.shutdown(Duration.ofSeconds(5));
    }
  }

  /** The well-behaved client: a Java client session making request/reply exchanges. */
  private final class Healthy {
    final Session client;
    final Session server;
    final Sender<Request> requests;
    int n;

    Healthy() throws Exception {
      String c = "c" + connections.incrementAndGet();
      client = ChanClient.connect(URI.create(AbuseTest.this.server.uri() + "?c=" + c + "&role=echo"));
      server = serverSession(c).get(10, TimeUnit.SECONDS);
      requests = client.newSender(Request.class);
      exchange();
    }

    void exchange() throws Exception {
      for (int i = 0; i < 3; i++) {
        Pipe<Integer> reply = Pipe.buffered(1);
        requests.send(new Request(++n, reply.sender()));
        assertEquals(n + 1, reply.receiver().receiveAsync().get(10, TimeUnit.SECONDS));
        assertNull(reply.receiver().receiveAsync().get(10, TimeUnit.SECONDS));
      }
    }
  }

  private CompletableFuture<Session> serverSession(String c) {
    return serverSessions.computeIfAbsent(c, k -> new CompletableFuture<>());
  }

  private static Map<String, String> query(String query) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String kv : query.split("&")) m.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    return m;
  }

  // ------------------------------------------------------------------ the hostile peer

  /** A raw connection in {@code mode} whose server side plays {@code role}, and that server session. */
  private final class Peer {
    final RawWebSocket ws;
    final Session serverSide;
    final Mode mode;

    Peer(Mode mode, String role, boolean read) throws Exception {
      this.mode = mode;
      String c = "c" + connections.incrementAndGet();
      URI uri = URI.create(server.uri() + "?c=" + c + "&role=" + role);
      // As the Java client does: compat offers nothing (jschan's handshake), extended offers both, compat first.
      ws = mode == Mode.EXTENDED
          ? RawWebSocket.connect(uri, read, Mode.COMPAT.subprotocol(), Mode.EXTENDED.subprotocol())
          : RawWebSocket.connect(uri, read);
      assertEquals(mode == Mode.EXTENDED ? Mode.EXTENDED.subprotocol() : null, ws.subprotocol);
      // Extended mode: the server opens the session on the client's first frame (a hello; PROTOCOL.md 14.6).
      if (mode == Mode.EXTENDED) ws.sendBinary(Hex.decode(RawPeer.HELLO));
      serverSide = serverSession(c).get(10, TimeUnit.SECONDS);
      assertEquals(mode, ((SessionImpl) serverSide).mode());
    }

    /**
     * Both ends saw the session fail with {@code code}: the server session's error names {@code error}, its
     * resources are released, and the peer got the close frame with the code and the reason, even when it was
     * still writing as the server closed.
     */
    void assertFailed(int code, String error) throws Exception {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> serverSide.closeFuture().get(20, TimeUnit.SECONDS));
      SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
      assertEquals(code, closed.closeCode(), closed.getMessage());
      assertTrue(closed.getMessage().contains(error), closed.getMessage());
      assertEquals(0, ((SessionImpl) serverSide).openChannelCount(), "channels left open");
      // The server's lingering close keeps reading what a peer still writes, so its close frame always arrives.
      assertEquals(code, ws.awaitClose(), ws.closeReason);
      assertTrue(ws.closeReason.contains(error), ws.closeReason);
      ws.close();
    }
  }

  /** Frames are built by hand: ids in the uint32 form (any integer form is valid), keys "id", "data", "parent". */
  static final class Frames {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static String id(long id) {
      return String.format("a2 69 64 ce %08x", id);
    }

    static final String DATA = " a4 64 61 74 61 ";
    static final String PARENT_NIL = " a6 70 61 72 65 6e 74 c0";

    /** {"id": n, "data": <data>, "parent": nil}: opens top-level channel n with a first message. */
    static String open(long id, String data) {
      return "83 " + id(id) + DATA + data + PARENT_NIL;
    }

    /** {"id": n, "data": <data>}. */
    static String data(long id, String data) {
      return "82 " + id(id) + DATA + data;
    }

    /** {"id": n}. */
    static String end(long id) {
      return "81 " + id(id);
    }

    /** {"id": n, "parent": nil}: opens top-level channel n already ended. */
    static String openEnded(long id) {
      return "82 " + id(id) + PARENT_NIL;
    }

    /** A channel reference the receiver writes (direction 2); in the extended mode it carries a capacity. */
    static String writeRef(Mode mode, long id, long capacity) {
      return mode == Mode.EXTENDED
          ? String.format("c7 09 01 02 %08x %08x", id, capacity)
          : String.format("c7 05 01 02 %08x", id);
    }

    Frames add(String hex) {
      byte[] b = Hex.decode(hex);
      out.write(b, 0, b.length);
      return this;
    }

    int size() {
      return out.size();
    }

    byte[] take() {
      byte[] b = out.toByteArray();
      out.reset();
      return b;
    }
  }

  // ------------------------------------------------------------------ bad input: one session fails, others work

  /** A case: what the peer sends after its hello, and the close code and error it must end with. */
  private interface Attack {
    void send(Peer peer) throws Exception;
  }

  static Stream<Arguments> badInput() {
    List<Arguments> cases = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      cases.add(Arguments.of(mode, "text frame", CloseCodes.UNSUPPORTED_DATA, "binary-only",
          (Attack) p -> p.ws.sendText("{\"id\":1,\"data\":\"hi\",\"parent\":null}")));
      cases.add(Arguments.of(mode, "message over maxMessageBytes", CloseCodes.MESSAGE_TOO_BIG, "maxMessageBytes",
          (Attack) p -> p.ws.sendBinary(new byte[LIMITS.maxMessageBytes() + 1])));
      // Only the header of a 1 TiB frame: refused from the header, before anything is buffered.
      cases.add(Arguments.of(mode, "endless frame", CloseCodes.MESSAGE_TOO_BIG, "maxMessageBytes",
          (Attack) p -> p.ws.sendHeader(0x2, 1L << 40)));
      // 60,000 nested arrays, within maxMessageBytes: refused at depth 65, without recursing 60,000 levels.
      cases.add(Arguments.of(mode, "deep nesting", CloseCodes.MESSAGE_TOO_BIG, "maxDepth 64",
          (Attack) p -> p.ws.sendBinary(Hex.decode(Frames.open(1, "91 ".repeat(60_000) + "01")))));
      cases.add(Arguments.of(mode, "unmasked frame", CloseCodes.PROTOCOL_ERROR, "unmasked client frame",
          (Attack) p -> p.ws.sendUnmasked(0x2, Hex.decode(Frames.data(1, "01")))));
      cases.add(Arguments.of(mode, "bytes that are not msgpack", CloseCodes.INVALID_DATA, "invalid type byte 0xc1",
          (Attack) p -> p.ws.sendBinary(Hex.decode("c1"))));
      // Even ids are the server's: 2 was never allocated.
      cases.add(Arguments.of(mode, "frame for an unknown id", CloseCodes.PROTOCOL_ERROR, "frame for unknown id 2",
          (Attack) p -> p.ws.sendBinary(Hex.decode(Frames.data(2, "01")))));
      cases.add(Arguments.of(mode, "reference to an id the server never created", CloseCodes.PROTOCOL_ERROR,
          "reference to id 4, which this side allocated",
          (Attack) p -> p.ws.sendBinary(Hex.decode(Frames.open(1, "c7 05 01 01 00 00 00 04")))));
      // Channel 3 reaches the server as a channel it writes (direction 2); the peer then writes to it itself.
      cases.add(Arguments.of(mode, "frame on a channel the server writes", CloseCodes.PROTOCOL_ERROR,
          "peer wrote to channel 3, which this side writes",
          (Attack) p -> p.ws.sendBinary(new Frames().add(Frames.open(1, Frames.writeRef(p.mode, 3, 1)))
              .add(Frames.data(3, "01")).take())));
      cases.add(Arguments.of(mode, "reference to an id already open", CloseCodes.PROTOCOL_ERROR,
          "reference to id 3, which is already open",
          (Attack) p -> p.ws.sendBinary(new Frames().add(Frames.open(1, "c7 05 01 01 00 00 00 03"))
              .add(Frames.data(1, "c7 05 01 01 00 00 00 03")).take())));
      cases.add(Arguments.of(mode, "frame after END", CloseCodes.PROTOCOL_ERROR, "frame for id 1 after its END",
          (Attack) p -> p.ws.sendBinary(new Frames().add(Frames.open(1, "01")).add(Frames.end(1))
              .add(Frames.data(1, "02")).take())));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @MethodSource("badInput")
  void badInputEndsOnlyItsOwnSession(Mode mode, String what, int code, String error, Attack attack)
      throws Exception {
    start();
    Peer peer = new Peer(mode, "idle", true);
    healthy.exchange(); // while the bad peer is connected
    attack.send(peer);
    peer.assertFailed(code, error);
  }

  // ------------------------------------------------------------------ a million tiny channels

  /**
   * Writes frames made by {@code frame(i)} for i = 0..count-1, many per WebSocket message, until the server closes
   * the connection. Returns how many were written.
   */
  private int flood(Peer peer, int count, java.util.function.IntFunction<String> frame) throws Exception {
    Frames batch = new Frames();
    int written = 0;
    int messages = 0;
    try {
      for (int i = 0; i < count && !peer.ws.closeCode.isDone(); i++) {
        batch.add(frame.apply(i));
        if (batch.size() > 60_000) {
          peer.ws.sendBinary(batch.take());
          written = i + 1;
          if (++messages % 64 == 1) healthy.exchange(); // now and then, while the flood goes on
        }
      }
      if (batch.size() > 0 && !peer.ws.closeCode.isDone()) peer.ws.sendBinary(batch.take());
    } catch (IOException closedUnderUs) {
      // the server closed while we were writing: expected
    }
    return written;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void aMillionOpenChannelsHitMaxOpenChannels(Mode mode) throws Exception {
    start();
    Peer peer = new Peer(mode, "idle", true);
    int written = flood(peer, 1_000_000, i -> Frames.open(2L * i + 1, "01"));
    peer.assertFailed(CloseCodes.POLICY_VIOLATION, "maxOpenChannels " + Limits.defaults().maxOpenChannels());
    assertTrue(written < 1_000_000, "closed before the flood ended, after " + written);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void aMillionChannelsOpenedAndEndedAtOnceStillCount(Mode mode) throws Exception {
    // {"id": n, "parent": nil} opens a channel and ends it in one frame: nothing stays in the id table, but each one
    // waits for the application's accept, which this server never calls.
    start();
    Peer peer = new Peer(mode, "idle", true);
    int written = flood(peer, 1_000_000, i -> Frames.openEnded(2L * i + 1));
    peer.assertFailed(CloseCodes.POLICY_VIOLATION, "maxOpenChannels " + Limits.defaults().maxOpenChannels());
    assertTrue(written < 1_000_000, "closed before the flood ended, after " + written);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void framesForAReferenceThatNeverComesAreBoundedInBytes(Mode mode) throws Exception {
    long maxBuffered = 256 * 1024;
    start(LIMITS.withMaxBufferedBytes(maxBuffered), Duration.ofSeconds(10));
    Peer peer = new Peer(mode, "idle", true);
    // {"id": 3, "data": <60,000-byte string>}: no parent, so held until a reference to 3 arrives, which never does.
    // 1,000 of them stay under maxPendingFrames (1,024) but hold 60 MB.
    String early = Frames.data(3, "da ea 60" + " 78".repeat(60_000));
    int written = flood(peer, 1000, i -> early);
    peer.assertFailed(CloseCodes.POLICY_VIOLATION, "maxBufferedBytes " + maxBuffered);
    assertTrue(written < 1000, "closed before the flood ended, after " + written);
  }

  // ------------------------------------------------------------------ a peer that never reads

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void aPeerThatNeverReadsIsClosedWithBoundedMemory(Mode mode) throws Exception {
    long maxBuffered = 256 * 1024;
    // Sends wait while the connection does not drain (backpressure); a peer that drains nothing for 2 s has
    // stopped reading.
    start(LIMITS.withMaxBufferedBytes(maxBuffered).withMaxWriteStallMillis(2000), Duration.ofSeconds(10));
    Peer peer = new Peer(mode, "firehose", false);
    // Asks for 64 MiB on a channel it reads, announcing the largest capacity the extended mode allows: flow control
    // does not stop the server, only its outbound buffer limit does.
    int size = 16 * 1024;
    int count = 4096;
    peer.ws.sendBinary(Hex.decode(Frames.open(1, String.format(
        "83 a5 63 6f 75 6e 74 cd %04x a4 73 69 7a 65 cd %04x a3 6f 75 74 ", count, size)
        + Frames.writeRef(mode, 3, 0xFFFFFFFFL))));
    healthy.exchange();
    int sent = firehoseSent.get(20, TimeUnit.SECONDS);
    // What left the queue sits in socket buffers: a few MiB at most on loopback, not the 64 MiB asked for.
    assertTrue((long) sent * size < maxBuffered + (16L << 20), sent + " messages of " + size + " bytes were accepted");
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> peer.serverSide.closeFuture().get(20, TimeUnit.SECONDS));
    SessionClosedException closed = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(CloseCodes.POLICY_VIOLATION, closed.closeCode(), closed.getMessage());
    assertTrue(closed.getMessage().contains("maxWriteStallMillis"), closed.getMessage());
    peer.ws.close();
  }

  // ------------------------------------------------------------------ slow handshakes (slowloris)

  private Socket rawConnect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
    s.setSoTimeout(20_000);
    return s;
  }

  private String upgradeHead() {
    return "GET /chan HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
  }

  /** True when the server closed the connection without sending a byte. */
  private static boolean closedSilently(Socket s) throws IOException {
    try {
      return s.getInputStream().read() < 0;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Test
  void halfOpenHandshakesAreClosedWhileOthersConnect() throws Exception {
    start(LIMITS, Duration.ofSeconds(2));
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Socket s = rawConnect();
      s.getOutputStream().write(upgradeHead().getBytes(StandardCharsets.US_ASCII)); // no blank line: never ends
      slow.add(s);
    }
    Socket silent = rawConnect(); // connects and sends nothing at all
    // A new client connects and works while they hang.
    Session other = ChanClient.connect(URI.create(server.uri() + "?c=late&role=echo"));
    Sender<Request> requests = other.newSender(Request.class);
    Pipe<Integer> reply = Pipe.buffered(1);
    requests.send(new Request(7, reply.sender()));
    assertEquals(8, reply.receiver().receive());
    healthy.exchange();
    slow.add(silent);
    for (Socket s : slow) {
      assertTrue(closedSilently(s), "closed by the server");
      s.close();
    }
    // The WebSocket sessions, older than the timeout, are not affected by it.
    Pipe<Integer> again = Pipe.buffered(1);
    requests.send(new Request(9, again.sender()));
    assertEquals(10, again.receiver().receive());
    other.close();
  }

  @Test
  void dribblingTheHandshakeDoesNotExtendTheDeadline() throws Exception {
    start(LIMITS, Duration.ofMillis(500));
    try (Socket s = rawConnect()) {
      // A long head sent one byte at a time, a byte each time 50 ms pass without the server closing: it would take
      // about 40 s to complete, and each byte is progress an idle timeout would reward.
      byte[] head = (upgradeHead() + "X-Padding: " + "x".repeat(600) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      s.setSoTimeout(50);
      InputStream in = s.getInputStream();
      int sent = 0;
      boolean closed = false;
      while (!closed && sent < head.length) {
        try {
          s.getOutputStream().write(head[sent++]);
        } catch (IOException reset) {
          closed = true;
          break;
        }
        try {
          int b = in.read();
          assertEquals(-1, b, "the server answered instead of closing");
          closed = true;
        } catch (SocketTimeoutException stillOpen) {
          // not closed yet: dribble the next byte
        } catch (java.net.SocketException reset) {
          closed = true;
        }
      }
      assertTrue(closed && sent < head.length, "closed after " + sent + " of " + head.length + " bytes");
    }
  }

  @Test
  void idleHttpConnectionsAreClosedToo() throws Exception {
    start(LIMITS, Duration.ofMillis(500));
    try (Socket s = rawConnect()) {
      // A plain request, answered (404: no static files), then nothing on the kept-alive connection.
      s.getOutputStream().write(("GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = RawWebSocket.readHead(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 404"), head);
      assertTrue(!head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
      s.getInputStream().readAllBytes(); // the body, then the end of the stream: fails on the socket timeout if none
    }
  }

  @Test
  void rejectedUpgradesDoNotHoldTheConnection() throws Exception {
    start(LIMITS, Duration.ofMillis(500));
    try (Socket s = rawConnect()) {
      s.getOutputStream().write((upgradeHead() + "Origin: http://evil.example\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = RawWebSocket.readHead(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 403"), head);
      s.getInputStream().readAllBytes(); // the body, if any, then the end of the stream
    }
  }
}
