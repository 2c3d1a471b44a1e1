package org.libchan4j.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.testing.FakeClock;
import org.libchan4j.ByteStream;
import org.libchan4j.CloseCodes;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.transport.InMemoryTransport;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * Resumable sessions (PROTOCOL.md section 14.6) over in-memory connections that a test can cut like a dropped TCP
 * connection: frames in flight are lost, both sides see an abnormal close, the client reconnects.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumptionTest {
  record Msg(int n) {}

  record Upload(ByteStream data, Sender<String> digest) {}


  /** One connection: an in-memory pair whose cut loses what is in flight, like a dropped TCP connection. */
  static final class Connection {
    final InMemoryTransport[] pair = InMemoryTransport.pair();
    volatile boolean cut;
    final Transport client = side(pair[0]);
    final Transport server = side(pair[1]);

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
        public void send(byte[] message) {
          if (!cut) t.send(message);
        }

        @Override
        public void close(int code, String reason) {
          t.close(code, reason);
        }
      };
    }

    /** Returns false when this connection was cut already. */
    synchronized boolean cut() {
      if (cut) return false;
      cut = true;
      pair[0].close(CloseCodes.ABNORMAL, "connection cut by the test");
      return true;
    }
  }

  /** A client and a server whose connection the test cuts; the client reconnects at once after each cut. */
  final class Pair {
    final ResumeRegistry registry = new ResumeRegistry(org.libchan4j.Limits.defaults(), Duration.ofSeconds(30));
    final LinkedBlockingQueue<SessionImpl> serverSessions = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<SessionImpl> suspensions = new LinkedBlockingQueue<>();
    final AtomicInteger connections = new AtomicInteger();
    final SessionOptions.Builder clientOptions;
    final SessionOptions.Builder serverOptions;
    volatile Object clientIdentity = "alice";
    volatile boolean reconnect = true;
    volatile Connection current;
    SessionImpl client;

    Pair(SessionOptions.Builder client, SessionOptions.Builder server) {
      this.clientOptions = client.mode(SessionOptions.Mode.EXTENDED).resumeWindow(Duration.ofSeconds(30));
      this.serverOptions = server.mode(SessionOptions.Mode.EXTENDED).resumeWindow(Duration.ofSeconds(30));
    }

    Pair() {
      // Capacity 64 (not the default 1,024): the cut points below are further apart than a channel holds.
      this(SessionOptions.builder(Session.Role.CLIENT).channelCapacity(64),
          SessionOptions.builder(Session.Role.SERVER).channelCapacity(64));
    }

    Pair open() {
      Connection c = connect();
      client = SessionImpl.open(c.client, clientOptions.build(), (session, why) -> {
        suspensions.add(session);
        if (reconnect) session.resume(connect().client);
      });
      opened.add(client);
      return this;
    }

    Connection connect() {
      Connection c = new Connection();
      connections.incrementAndGet();
      current = c;
      registry.accept(c.server, clientIdentity, connection -> {
        SessionImpl s = SessionImpl.open(connection, serverOptions.build(), (session, why) -> suspensions.add(session));
        opened.add(s);
        serverSessions.add(s);
        return s;
      });
      return c;
    }

    /** Waits for the suspension event of {@code s} (the resumer's call). */
    void awaitSuspended(SessionImpl s) throws InterruptedException {
      while (true) {
        SessionImpl next = suspensions.poll(20, TimeUnit.SECONDS);
        assertNotNull(next, "no suspension of " + s);
        if (next == s) break;
        suspensions.add(next); // the other side's: keep it for its own wait
      }
      assertTrue(s.resumption().isSuspended());
    }

    SessionImpl server() throws InterruptedException {
      SessionImpl s = serverSessions.poll(20, TimeUnit.SECONDS);
      assertNotNull(s, "no server session opened");
      return s;
    }
  }

  private final List<Session> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void closeAll() {
    for (Session s : opened) s.close();
  }

  private static <T> T within(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void hundredThousandMessagesEachWayArriveExactlyOnceInOrderAcrossFiftyCuts() throws Exception {
    Pair p = new Pair().open();
    SessionImpl server = p.server();
    int total = 100_000;
    Random random = new Random(42);
    // Cut points: 50 distinct message counts where the receiving side cuts the connection.
    java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
    // At least 100 apart: more than a channel's capacity (64), so each cut meets a new connection.
    while (cuts.size() < 50) {
      int at = 1 + random.nextInt(total - 1);
      Integer below = cuts.floor(at);
      Integer above = cuts.ceiling(at);
      if ((below == null || at - below >= 100) && (above == null || above - at >= 100)) cuts.add(at);
    }

    Sender<Msg> up = p.client.newSender(Msg.class);
    Sender<Msg> down = server.newSender(Msg.class);

    CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < total; i++) down.send(new Msg(i));
        down.close();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    CompletableFuture<Integer> clientReads = CompletableFuture.supplyAsync(() -> {
      int expected = 0;
      Receiver<Msg> atClient;
      try {
        atClient = p.client.accept(Msg.class);
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
      for (Msg m : atClient) {
        assertEquals(expected, m.n(), "client received out of order or twice");
        expected++;
      }
      return expected;
    });
    CompletableFuture<Void> clientSide = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < total; i++) up.send(new Msg(i));
        up.close();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Receiver<Msg> atServer = server.accept(Msg.class);
    int expected = 0;
    int cutsDone = 0;
    for (Msg m : atServer) {
      assertEquals(expected, m.n(), "server received out of order or twice");
      expected++;
      if (cuts.contains(expected) && p.current.cut()) cutsDone++;
    }
    assertEquals(total, expected);
    within(clientSide);
    within(serverSide);
    assertEquals(total, within(clientReads));
    assertEquals(50, cutsDone, "each cut point met a live connection");
    assertEquals(cutsDone + 1, p.connections.get(), "every cut led to one new connection");
    assertEquals(1, p.registry.size(), "one resumable session, resumed each time");
    assertTrue(p.client.isOpen() && server.isOpen());
    assertEquals(0, p.serverSessions.size(), "no second server session was opened");
  }

  @Test
  void aByteStreamSurvivesCutsIntactByHash() throws Exception {
    Pair p = new Pair().open();
    SessionImpl server = p.server();
    CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
      try {
        Receiver<Upload> uploads = server.accept(Upload.class);
        Upload u = uploads.receive();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[8192];
        long n = 0;
        int cutsDone = 0;
        try (InputStream in = u.data().input()) {
          for (int r; (r = in.read(buf)) >= 0; ) {
            sha.update(buf, 0, r);
            n += r;
            // Cut about every 400 KiB received.
            if (n / (400 * 1024) > cutsDone) {
              cutsDone++;
              p.current.cut();
            }
          }
        }
        u.digest().send(java.util.HexFormat.of().formatHex(sha.digest()) + " " + cutsDone);
        u.digest().close();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Sender<Upload> uploads = p.client.newSender(Upload.class);
    org.libchan4j.BytePipe pipe = org.libchan4j.BytePipe.create();
    org.libchan4j.Pipe<String> digest = org.libchan4j.Pipe.create();
    uploads.send(new Upload(pipe.remote(), digest.sender()));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(7);
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = pipe.local().output()) {
      for (int i = 0; i < 128; i++) { // 8 MiB
        random.nextBytes(chunk);
        sha.update(chunk);
        out.write(chunk);
      }
    }
    String answer = digest.receiver().receive();
    within(serving);
    String[] parts = answer.split(" ");
    assertEquals(java.util.HexFormat.of().formatHex(sha.digest()), parts[0], "bytes intact across the cuts");
    assertTrue(Integer.parseInt(parts[1]) >= 15, "the transfer was cut many times: " + parts[1]);
  }

  @Test
  void aResumeByAnotherIdentityIsRefusedAndTheOwnerCanStillResume() throws Exception {
    Pair p = new Pair();
    p.reconnect = false;
    p.open();
    SessionImpl server = p.server();
    Sender<Msg> up = p.client.newSender(Msg.class);
    up.send(new Msg(1));
    Receiver<Msg> atServer = server.accept(Msg.class);
    assertEquals(1, atServer.receive().n());

    p.current.cut();
    p.awaitSuspended(p.client);
    p.awaitSuspended(server);
    up.send(new Msg(2)); // completes into the replay buffer while suspended

    // An attacker holding the token but authenticated as someone else.
    p.clientIdentity = "mallory";
    String refusal = resumeWithToken(p, p.client.resumeToken());
    assertEquals(CloseCodes.RESUME_REFUSED + " resume refused: the session belongs to another identity", refusal);
    assertTrue(server.isOpen() && server.resumption().isSuspended(), "the owner's session is untouched");

    p.clientIdentity = "alice";
    assertTrue(p.client.resume(p.connect().client));
    assertEquals(2, atServer.receive().n(), "the message sent while suspended arrives once resumed");
  }

  @Test
  void aSessionNotResumedWithinItsWindowFailsOnBothSidesWithAClearCause() throws Exception {
    FakeClock clock = new FakeClock();
    Pair p = new Pair(SessionOptions.builder(Session.Role.CLIENT).clock(clock).keepAlive(Duration.ZERO),
        SessionOptions.builder(Session.Role.SERVER).clock(clock).keepAlive(Duration.ZERO));
    p.reconnect = false;
    p.open();
    SessionImpl server = p.server();
    Sender<Msg> down = server.newSender(Msg.class);
    down.send(new Msg(1));
    Receiver<Msg> atClient = p.client.accept(Msg.class);
    assertEquals(1, atClient.receive().n());
    p.current.cut();
    p.awaitSuspended(p.client);
    p.awaitSuspended(server);

    clock.advanceMillis(29_999);
    server.tick();
    p.client.tick();
    assertTrue(server.isOpen() && p.client.isOpen(), "still within the window");
    clock.advanceMillis(1);
    server.tick();
    p.client.tick();
    SessionClosedException cause = assertThrows(SessionClosedException.class, atClient::receive);
    assertEquals(CloseCodes.ABNORMAL, cause.closeCode());
    assertTrue(cause.getMessage().contains("not resumed within 30000 ms"), cause.getMessage());
    assertThrows(SessionClosedException.class, () -> waitClosed(server));
    assertEquals(0, p.registry.size(), "the expired session left the registry");

    // A late resume attempt with the old token is refused as unknown.
    assertEquals(CloseCodes.RESUME_REFUSED + " resume refused: unknown or expired session",
        resumeWithToken(p, server.ownToken()));
  }

  @Test
  void aClientResumingAnExpiredSessionFailsWithTheRefusalAsCause() throws Exception {
    FakeClock clock = new FakeClock();
    Pair p = new Pair(SessionOptions.builder(Session.Role.CLIENT).keepAlive(Duration.ZERO),
        SessionOptions.builder(Session.Role.SERVER).clock(clock).keepAlive(Duration.ZERO));
    p.reconnect = false;
    p.open();
    SessionImpl server = p.server();
    Sender<Msg> down = server.newSender(Msg.class);
    down.send(new Msg(1));
    Receiver<Msg> replies = p.client.accept(Msg.class);
    assertEquals(1, replies.receive().n());
    p.current.cut();
    p.awaitSuspended(p.client);
    p.awaitSuspended(server);
    clock.advanceMillis(30_000); // only the server's window has passed
    server.tick();
    assertThrows(SessionClosedException.class, () -> waitClosed(server));

    assertTrue(p.client.resume(p.connect().client));
    SessionClosedException cause = assertThrows(SessionClosedException.class, () -> waitClosed(p.client));
    assertEquals(CloseCodes.RESUME_REFUSED, cause.closeCode());
    assertTrue(cause.getMessage().contains("resume refused: unknown or expired session"), cause.getMessage());
    SessionClosedException onChannel = assertThrows(SessionClosedException.class, replies::receive);
    assertEquals(CloseCodes.RESUME_REFUSED, onChannel.closeCode(), "open channels fail with the same cause");
  }

  @Test
  void whileSuspendedSendsCompleteOnlyWithinTheReplayWindow() throws Exception {
    Pair p = new Pair(SessionOptions.builder(Session.Role.CLIENT).replayWindow(16 * 1024),
        SessionOptions.builder(Session.Role.SERVER).channelCapacity(100_000));
    p.reconnect = false;
    p.open();
    SessionImpl server = p.server();
    Sender<String> up = p.client.newSender(String.class);
    up.send("first");
    Receiver<String> atServer = server.accept(String.class);
    assertEquals("first", atServer.receive());
    p.current.cut();
    p.awaitSuspended(p.client);
    String kilobyte = "x".repeat(1000);
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (int i = 0; i < 100; i++) sends.add(up.sendAsync(kilobyte));
    // At most the window (16 KiB) plus one message is held: the rest wait, uncompleted.
    long done = sends.stream().filter(CompletableFuture::isDone).count();
    assertTrue(done >= 10 && done <= 17, "sends completed while suspended: " + done);
    assertTrue(p.client.replayBytes() <= 16 * 1024 + 1100, "replay buffer bytes " + p.client.replayBytes());

    assertTrue(p.client.resume(p.connect().client));
    for (CompletableFuture<Void> f : sends) within(f);
    for (int i = 0; i < 100; i++) assertEquals(kilobyte, atServer.receive());
  }

  @Test
  void aConnectionThatNeverSpeaksIsClosedWithoutASession() throws Exception {
    ResumeRegistry registry = new ResumeRegistry(org.libchan4j.Limits.defaults(), Duration.ofMillis(200));
    Connection c = new Connection();
    AtomicInteger opened = new AtomicInteger();
    registry.accept(c.server, null, connection -> {
      opened.incrementAndGet();
      return SessionImpl.open(connection, SessionOptions.builder(Session.Role.SERVER).build(), null);
    });
    CompletableFuture<String> closed = new CompletableFuture<>();
    c.client.start(new TransportListener() {
      @Override public void onMessage(byte[] message) { }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {
        closed.complete(code + " " + reason);
      }
    });
    // The client says nothing: no hello, no resume request.
    String outcome = within(closed);
    assertTrue(outcome.startsWith(CloseCodes.POLICY_VIOLATION + " nothing received within 200 ms"), outcome);
    assertEquals(0, opened.get(), "no session was opened for it");
    assertEquals(0, registry.size());
  }

  /**
   * Presents {@code token} on a new connection as a raw client (a thief, or a client too late) and returns how the
   * server closed it: "code reason".
   */
  private static String resumeWithToken(Pair p, String token) throws Exception {
    assertNotNull(token);
    Connection c = p.connect();
    java.util.Map<String, Object> frame = new java.util.LinkedHashMap<>();
    frame.put("t", "resume");
    frame.put("tok", token);
    frame.put("n", 0L);
    CompletableFuture<String> closed = new CompletableFuture<>();
    List<byte[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    c.client.start(new TransportListener() {
      @Override public void onMessage(byte[] message) { received.add(message); }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {
        closed.complete(code + " " + reason);
      }
    });
    c.client.send(new org.libchan4j.internal.msgpack.MsgpackWriter(
        org.libchan4j.internal.msgpack.MsgpackProfile.STANDARD, null).write(frame).toByteArray());
    String outcome = within(closed);
    assertEquals(0, received.size(), "nothing of the session reached the refused connection");
    return outcome;
  }

  private static void waitClosed(Session s) throws Exception {
    try {
      s.closeFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

}
