package org.libchan4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.testing.FakeClock;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionListener;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.socket.internal.Dialer;
import org.libchan4j.socket.internal.SocketServer;
import org.libchan4j.socket.internal.StreamTransport;
import org.libchan4j.transport.TransportListener;

/**
 * Resumable socket sessions (PROTOCOL.md sections 2.2 and 14.6) through a proxy that cuts the connection: the dialer
 * reconnects and resumes, the listener tells the resume from a new session by the first frame, the handler never
 * notices. Subclasses pick TCP, TLS or a Unix domain socket.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class SocketResumptionTest {
  record Msg(int n) {}

  record Upload(ByteStream data, Sender<String> digest) {}

  record Ask(Sender<String> reply) {}

  /** A proxy that can cut the connections through it. */
  interface Cutter extends AutoCloseable {
    SocketAddress address();

    int cut();

    int accepted();
  }

  /** A fresh address to listen on (port 0, or a new Unix domain path). */
  protected abstract SocketAddress listenAddress() throws Exception;

  /** Options for the listener ({@code server}) or the dialer, TLS if the transport has it. */
  protected abstract SocketOptions.Builder socketOptions(boolean server) throws Exception;

  /** The fault proxy for the 50-cut test; by default a {@link ChannelFaultProxy}. */
  protected Cutter faultProxy(SocketAddress target) throws Exception {
    ChannelFaultProxy p = new ChannelFaultProxy(proxyAddress(), target);
    closeLater(p);
    return new Cutter() {
      @Override public SocketAddress address() { return p.address(); }
      @Override public int cut() { return p.cut(); }
      @Override public int accepted() { return p.accepted(); }
      @Override public void close() throws Exception { p.close(); }
    };
  }

  /** Where a {@link ChannelFaultProxy} listens: {@code 127.0.0.1:0} or a new Unix domain path. */
  protected SocketAddress proxyAddress() throws Exception {
    return ChannelFaultProxy.loopback();
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final LinkedBlockingQueue<Session> serverSessions = new LinkedBlockingQueue<>();

  protected final <T extends AutoCloseable> T closeLater(T c) {
    toClose.add(0, c);
    return c;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) c.close(); // clients first (added last): a cut-off one would keep reconnecting
  }

  private SocketOptions.Builder extended(boolean server) throws Exception {
    SocketOptions.Builder b = socketOptions(server).mode(SessionOptions.Mode.EXTENDED);
    return server ? b : b.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private ChanListener listen(SocketOptions options) throws Exception {
    return closeLater(ChanSockets.listen(listenAddress(), options, serverSessions::add));
  }

  private Session dial(SocketAddress address, SocketOptions options) throws Exception {
    return closeLater(ChanSockets.dial(address, options));
  }

  private Session serverSession() throws InterruptedException {
    Session s = serverSessions.poll(20, TimeUnit.SECONDS);
    assertNotNull(s, "no server session");
    return s;
  }

  /** Cut points at least {@code gap} apart in 1..below-1 (further than a channel's capacity: each meets a live connection). */
  private static TreeSet<Long> cutPoints(Random random, int count, long below, long gap) {
    TreeSet<Long> at = new TreeSet<>();
    while (at.size() < count) {
      long n = 1 + (long) (random.nextDouble() * (below - 2));
      Long lo = at.floor(n);
      Long hi = at.ceiling(n);
      if ((lo == null || n - lo >= gap) && (hi == null || hi - n >= gap)) at.add(n);
    }
    return at;
  }

  @Test
  void fiftyCutsDuringHundredThousandMessagesEachWayAndAByteStreamLoseNothing() throws Exception {
    // A server stream window below the byte cuts' spacing: each cut then meets a live connection.
    ChanListener listener = listen(extended(true).streamWindow(128 * 1024).build());
    Cutter proxy = closeLater(faultProxy(listener.address()));
    Session client = dial(proxy.address(), extended(false).build());
    int messages = 100_000;
    TreeSet<Long> messageCuts = cutPoints(new Random(2026), 25, messages, 2_500);

    Sender<Msg> up = client.newSender(Msg.class);
    CompletableFuture<Void> sendingUp = CompletableFuture.runAsync(() -> sendAll(up, messages));
    Session atServer = serverSession();
    Sender<Msg> down = atServer.newSender(Msg.class);
    CompletableFuture<Void> sendingDown = CompletableFuture.runAsync(() -> sendAll(down, messages));
    Receiver<Msg> downAtClient = client.accept(Msg.class);
    CompletableFuture<Integer> receivingDown = CompletableFuture.supplyAsync(() -> {
      int expected = 0;
      for (Msg m : downAtClient) {
        if (m.n() != expected) throw new AssertionError("server to client: " + m.n() + " instead of " + expected);
        expected++;
      }
      return expected;
    });
    int expected = 0;
    int cuts = 0;
    for (Msg m : atServer.accept(Msg.class)) {
      assertEquals(expected, m.n(), "client to server: a message arrived out of order or twice");
      expected++;
      if (messageCuts.contains((long) expected)) cuts += proxy.cut() > 0 ? 1 : 0;
    }
    assertEquals(messages, expected, "every message reached the server");
    assertEquals(messages, receivingDown.get(60, TimeUnit.SECONDS), "every message reached the client");
    sendingUp.get(60, TimeUnit.SECONDS);
    sendingDown.get(60, TimeUnit.SECONDS);

    long streamBytes = 16L * 1024 * 1024;
    TreeSet<Long> byteCuts = cutPoints(new Random(17), 25, streamBytes, 256 * 1024);
    Sender<Upload> uploads = client.newSender(Upload.class);
    BytePipe pipe = BytePipe.create();
    Pipe<String> digest = Pipe.buffered(1);
    uploads.send(new Upload(pipe.remote(), digest.sender()));
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
      byte[] chunk = new byte[64 * 1024];
      Random bytes = new Random(5);
      try (OutputStream out = pipe.local().output()) {
        for (long n = 0; n < streamBytes; n += chunk.length) {
          bytes.nextBytes(chunk);
          sent.update(chunk);
          out.write(chunk);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Upload upload = atServer.accept(Upload.class).receive();
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    long total = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = upload.data().input()) {
      for (int r; (r = in.read(buf)) >= 0; ) {
        got.update(buf, 0, r);
        long before = total;
        total += r;
        Long next = byteCuts.ceiling(before + 1);
        if (next != null && next <= total) cuts += proxy.cut() > 0 ? 1 : 0;
      }
    }
    upload.digest().send(HexFormat.of().formatHex(got.digest()));
    writing.get(60, TimeUnit.SECONDS);
    assertEquals(streamBytes, total);
    assertEquals(HexFormat.of().formatHex(sent.digest()), digest.receiver().receive(), "the bytes arrived intact");

    assertEquals(50, cuts, "50 live connections were cut");
    assertEquals(51, proxy.accepted(), "one connection, then one per cut");
    assertTrue(client.isOpen() && atServer.isOpen());
    assertEquals(1, ((SocketServer) listener).resumableSessions(), "one session, resumed 50 times");
    assertEquals(0, serverSessions.size(), "the handler ran once: a resume opens no new session");
  }

  private static void sendAll(Sender<Msg> sender, int count) {
    try {
      for (int i = 0; i < count; i++) sender.send(new Msg(i));
      sender.close();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void aResumeWithAnUnknownTokenIsRefusedWith4100() throws Exception {
    ChanListener listener = listen(extended(true).build());
    StreamTransport raw = Dialer.connect(listener.address(), extended(false).build());
    CompletableFuture<String> closed = new CompletableFuture<>();
    LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    raw.start(new TransportListener() {
      @Override public void onMessage(byte[] message) { received.add(message); }
      @Override public void onClosed(int code, String reason, Throwable cause) { closed.complete(code + " " + reason); }
    });
    Map<String, Object> resume = new LinkedHashMap<>();
    resume.put("t", "resume");
    resume.put("tok", "no-such-session-token");
    resume.put("n", 0L);
    raw.send(new MsgpackWriter(MsgpackProfile.STANDARD, null).write(resume).toByteArray());
    raw.flush();
    assertEquals(CloseCodes.RESUME_REFUSED + " resume refused: unknown or expired session",
        closed.get(20, TimeUnit.SECONDS));
    assertEquals(0, received.size(), "no hello: no session was opened");
    assertNull(serverSessions.poll(), "the handler did not run");
  }


  /** Records state changes as lines ("suspended", "closed 4100 ..."). */
  static final class Events implements SessionListener {
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override public void onConnected(Session s) { lines.add("connected"); }
    @Override public void onSuspended(Session s, String why) { lines.add("suspended"); }
    @Override public void onResumed(Session s) { lines.add("resumed"); }
    @Override public void onClosed(Session s, int code, String reason) { lines.add("closed " + code + " " + reason); }

    String next() throws InterruptedException {
      String line = lines.poll(20, TimeUnit.SECONDS);
      assertNotNull(line, "no state change");
      return line;
    }
  }

  @Test
  void aClientBackAfterTheResumeWindowIsRefusedWith4100AndItsChannelsFail() throws Exception {
    FakeClock clock = new FakeClock();
    Events atServerEvents = new Events();
    Events atClientEvents = new Events();
    ChanListener listener = listen(extended(true).clock(clock).listener(atServerEvents).build());
    ChannelFaultProxy proxy = closeLater(new ChannelFaultProxy(proxyAddress(), listener.address()));
    Session client = dial(proxy.address(), extended(false).listener(atClientEvents).build());
    Pipe<String> replies = Pipe.buffered(1);
    client.newSender(Ask.class).send(new Ask(replies.sender()));
    Session atServer = serverSession();
    atServer.accept(Ask.class).receive().reply().send("hi");
    assertEquals("hi", replies.receiver().receive());
    assertNotNull(((SessionImpl) client).resumeToken(), "both hellos agreed on resumption");
    assertEquals("connected", atServerEvents.next());
    assertEquals("connected", atClientEvents.next());

    proxy.refuse(true); // the client cannot get back in: its attempts fail and back off
    assertEquals(1, proxy.cut());
    assertEquals("suspended", atServerEvents.next());
    assertEquals("suspended", atClientEvents.next());
    clock.advanceMillis(29_999);
    ((SessionImpl) atServer).tick();
    assertTrue(atServer.isOpen(), "still within the resume window");
    clock.advanceMillis(1);
    ((SessionImpl) atServer).tick();
    String closed = atServerEvents.next();
    assertTrue(closed.startsWith("closed " + CloseCodes.ABNORMAL + " "), closed);
    assertEquals(0, ((SocketServer) listener).resumableSessions(), "the expired session is forgotten");

    proxy.refuse(false); // the client's next attempt reaches the listener, with a token that names nothing now
    String last;
    while ((last = atClientEvents.next()).equals("suspended")) {
      // each refused connection attempt suspended the session again
    }
    assertEquals("closed " + CloseCodes.RESUME_REFUSED + " resume refused: unknown or expired session", last);
    SessionClosedException e = assertThrows(SessionClosedException.class, () -> replies.receiver().receive());
    assertEquals(CloseCodes.RESUME_REFUSED, e.closeCode(), "the client's channels fail with the refusal");
    assertEquals(2, proxy.accepted(), "the first connection, then the refused resume");
    assertNull(serverSessions.poll(), "a refused resume opens no session");
  }

  @Test
  void compatSessionsDoNotResume() throws Exception {
    ChanListener listener = listen(socketOptions(true).build());
    Cutter proxy = closeLater(faultProxy(listener.address()));
    Session client = dial(proxy.address(), socketOptions(false).build());
    Sender<String> out = client.newSender(String.class);
    out.send("hi");
    Session atServer = serverSession();
    assertEquals("hi", atServer.accept(String.class).receive());
    assertEquals(1, proxy.cut());
    // 1006, or 1005 when a Unix socket's cut fell between records (jschan's orderly end): closed either way.
    client.closeFuture().handle((v, e) -> null).get(20, TimeUnit.SECONDS);
    assertEquals(Session.State.CLOSED, client.state(), "compat mode (jschan's) has no resumption");
    assertEquals(1, proxy.accepted(), "and no reconnect");
  }
}
