package org.libchan4j.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.testing.FakeClock;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.testing.Hex;
import org.libchan4j.testing.RawPeer;

/** The extended mode's channel semantics, end to end over two in-memory sessions. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExtendedModeTest {
  record Msg(int n) {}

  record Upload(ByteStream data) {}

  record Ask(Sender<Msg> reply) {}

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private Session[] pair(SessionOptions.Builder client, SessionOptions.Builder server) {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session c = Session.open(t[0], client.mode(SessionOptions.Mode.EXTENDED).build());
    Session s = Session.open(t[1], server.mode(SessionOptions.Mode.EXTENDED).build());
    open.add(c);
    open.add(s);
    return new Session[] {c, s};
  }

  private Session[] pair() {
    return pair(SessionOptions.builder(Session.Role.CLIENT), SessionOptions.builder(Session.Role.SERVER));
  }

  private static <T> T within(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void unbufferedSendCompletesOnlyWhenTheReceiverTakesTheMessage() throws Exception {
    Session[] s = pair(SessionOptions.builder(Session.Role.CLIENT),
        SessionOptions.builder(Session.Role.SERVER).channelCapacity(0));
    Sender<Msg> out = s[0].newSender(Msg.class);
    CompletableFuture<Void> first = out.sendAsync(new Msg(1));
    CompletableFuture<Void> second = out.sendAsync(new Msg(2));
    Receiver<Msg> in = s[1].accept(Msg.class); // the first message has arrived: the channel is known
    assertFalse(first.isDone(), "an unbuffered send is not complete while the message sits unread");
    assertFalse(second.isDone());
    assertEquals(1, in.receive().n());
    within(first);
    assertFalse(second.isDone(), "the second message is not even transmitted before the first was taken");
    assertEquals(2, in.receive().n());
    within(second);
  }

  @Test
  void unbufferedReturnChannelWaitsForTheRequester() throws Exception {
    Session[] s = pair();
    Pipe<Msg> reply = Pipe.create(); // capacity 0, carried in the reference
    s[0].newSender(Ask.class).send(new Ask(reply.sender()));
    Ask ask = s[1].accept(Ask.class).receive();
    CompletableFuture<Void> answered = ask.reply().sendAsync(new Msg(7));
    roundTrip(s[1], s[0]);
    assertFalse(answered.isDone(), "the reply is not complete while the requester has not taken it");
    assertEquals(7, reply.receiver().receive().n());
    within(answered);
  }

  @Test
  void aStalledChannelDoesNotDelayAnother() throws Exception {
    Session[] s = pair(SessionOptions.builder(Session.Role.CLIENT).channelCapacity(64),
        SessionOptions.builder(Session.Role.SERVER).channelCapacity(64));
    Sender<Msg> stalled = s[0].newSender(Msg.class);
    List<CompletableFuture<Void>> stalledSends = new ArrayList<>();
    for (int i = 0; i < 100; i++) stalledSends.add(stalled.sendAsync(new Msg(i)));
    Receiver<Msg> a = s[1].accept(Msg.class); // never read below

    Sender<Msg> busy = s[0].newSender(Msg.class);
    CompletableFuture<Integer> count = CompletableFuture.supplyAsync(() -> {
      try {
        Receiver<Msg> b = s[1].accept(Msg.class);
        int n = 0;
        for (Msg m : b) assertEquals(n++, m.n());
        return n;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    for (int i = 0; i < 10_000; i++) busy.send(new Msg(i));
    busy.close();
    assertEquals(10_000, within(count));

    // Channel A took exactly its capacity (64, set on the server) and holds the rest back.
    assertTrue(stalledSends.subList(0, 64).stream().allMatch(CompletableFuture::isDone));
    assertTrue(stalledSends.subList(64, 100).stream().noneMatch(CompletableFuture::isDone));
    assertEquals(0, a.receive().n());
    within(stalledSends.get(64));
  }

  @Test
  void failReachesTheReceiverAfterEarlierMessagesBothWays() throws Exception {
    Session[] s = pair();
    for (int dir = 0; dir < 2; dir++) {
      Sender<Msg> out = s[dir].newSender(Msg.class);
      out.send(new Msg(1));
      out.fail(42, "disk full");
      Receiver<Msg> in = s[1 - dir].accept(Msg.class);
      assertEquals(1, in.receive().n());
      ChannelFailedException e = assertThrows(ChannelFailedException.class, in::receive);
      assertEquals(42, e.code());
      assertTrue(e.getMessage().contains("disk full"), e.getMessage());
      assertTrue(out.closeFuture().isDone());
    }
  }

  @Test
  void receiverCloseCancelsTheSenderBothWays() throws Exception {
    Session[] s = pair();
    for (int dir = 0; dir < 2; dir++) {
      Sender<Msg> out = s[dir].newSender(Msg.class);
      out.send(new Msg(1));
      Receiver<Msg> in = s[1 - dir].accept(Msg.class);
      in.close();
      ExecutionException cancelled = assertThrows(ExecutionException.class,
          () -> out.closeFuture().get(20, TimeUnit.SECONDS), "the handler learns it can stop");
      assertInstanceOf(ChannelClosedException.class, cancelled.getCause());
      assertThrows(ChannelClosedException.class, () -> out.send(new Msg(2)));
      assertTrue(out.isClosed());
    }
    // The canceller frees its entry when the writer's END (its answer to the cancel) arrives. Frames are processed
    // in order, so once a later channel from the same writer has been read to its end, that END was processed.
    for (int dir = 0; dir < 2; dir++) {
      Sender<Msg> later = s[dir].newSender(Msg.class);
      later.send(new Msg(3));
      later.close();
      Receiver<Msg> in = s[1 - dir].accept(Msg.class);
      assertEquals(3, in.receive().n());
      assertNull(in.receive());
    }
    assertEquals(0, ((SessionImpl) s[0]).openChannelCount(), "cancelled channels are freed");
    assertEquals(0, ((SessionImpl) s[1]).openChannelCount());
  }

  @Test
  void cancelReachesAPipeHandedToThePeer() throws Exception {
    Session[] s = pair();
    Pipe<Msg> reply = Pipe.buffered(4);
    s[0].newSender(Ask.class).send(new Ask(reply.sender()));
    Ask ask = s[1].accept(Ask.class).receive();
    reply.receiver().close();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> ask.reply().closeFuture().get(20, TimeUnit.SECONDS));
    assertInstanceOf(ChannelClosedException.class, e.getCause());
  }

  @Test
  void closingAStreamsInputStopsItsWriter() throws Exception {
    Session[] s = pair();
    BytePipe pipe = BytePipe.create();
    s[0].newSender(Upload.class).send(new Upload(pipe.remote()));
    Upload up = s[1].accept(Upload.class).receive();
    up.data().input().close(); // the reader refuses the upload
    byte[] block = new byte[64 * 1024];
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> {
      try (OutputStream out = pipe.local().output()) {
        for (int i = 0; i < 1024; i++) out.write(block); // 64 MiB: far beyond the 256 KiB window
      }
    }, "the writer is told instead of waiting for credit forever");
    assertTrue(String.valueOf(e.getMessage()).contains("closed"), e.getMessage());
  }

  @Test
  void oneGibibyteThroughAByteStreamInBoundedMemory() throws Exception {
    Session[] s = pair();
    BytePipe pipe = BytePipe.create();
    s[0].newSender(Upload.class).send(new Upload(pipe.remote()));
    Upload up = s[1].accept(Upload.class).receive();

    long total = 1L << 30;
    byte[] block = new byte[256 * 1024];
    for (int i = 0; i < block.length; i++) block[i] = (byte) (i * 31);
    long baseline = usedHeapAfterGc();
    AtomicLong peak = new AtomicLong();
    CompletableFuture<byte[]> readerHash = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = up.data().input()) {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        long read = 0;
        long nextSample = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
          md.update(buf, 0, n);
          read += n;
          if (read >= nextSample) {
            peak.accumulateAndGet(usedHeapAfterGc(), Math::max);
            nextSample += 128L << 20;
          }
        }
        assertEquals(total, read);
        return md.digest();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = pipe.local().output()) {
      for (long sent = 0; sent < total; sent += block.length) {
        out.write(block);
        md.update(block);
      }
    }
    assertArrayEquals(md.digest(), readerHash.get(100, TimeUnit.SECONDS));
    long growth = peak.get() - baseline;
    assertTrue(growth < 64L << 20, "heap grew by " + (growth >> 20) + " MiB while streaming 1 GiB");
  }

  @Test
  void aSilentPeerIsDetectedWithinTwoIntervals() throws Exception {
    FakeClock clock = new FakeClock();
    InMemoryTransport[] t = InMemoryTransport.pair();
    SessionImpl server = (SessionImpl) Session.open(t[1], SessionOptions.builder(Session.Role.SERVER)
        .mode(SessionOptions.Mode.EXTENDED).keepAlive(Duration.ofSeconds(10)).clock(clock).build());
    open.add(server);
    RawPeer peer = RawPeer.forMode(t[0], SessionOptions.Mode.EXTENDED); // says hello, then answers nothing
    assertTrue(Hex.encode(peer.next()).startsWith("85 a1 74 a5 68 65 6c 6c 6f"), "the server's hello");
    sync(peer, server);

    clock.advance(Duration.ofSeconds(10));
    server.tick();
    String ping = Hex.encode(peer.next());
    assertTrue(ping.startsWith("82 a1 74 a4 70 69 6e 67"), "a ping after one silent interval: " + ping);
    assertTrue(server.isOpen());

    clock.advance(Duration.ofSeconds(10));
    server.tick();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> server.closeFuture().get(20, TimeUnit.SECONDS));
    SessionClosedException cause = assertInstanceOf(SessionClosedException.class, e.getCause());
    assertEquals(CloseCodes.KEEPALIVE_TIMEOUT, cause.closeCode());
    assertEquals(CloseCodes.KEEPALIVE_TIMEOUT, peer.awaitClose());
  }

  @Test
  void aPeerThatAnswersPingsStaysConnected() throws Exception {
    FakeClock clock = new FakeClock();
    InMemoryTransport[] t = InMemoryTransport.pair();
    SessionImpl server = (SessionImpl) Session.open(t[1], SessionOptions.builder(Session.Role.SERVER)
        .mode(SessionOptions.Mode.EXTENDED).keepAlive(Duration.ofSeconds(10)).clock(clock).build());
    open.add(server);
    RawPeer peer = RawPeer.forMode(t[0], SessionOptions.Mode.EXTENDED);
    peer.next(); // hello
    sync(peer, server);
    for (int round = 1; round <= 3; round++) {
      clock.advance(Duration.ofSeconds(10));
      server.tick();
      byte[] ping = peer.next();
      // {"t":"pong","seq":n}: answer with the ping's seq (its last byte, a positive fixint here)
      peer.sendHex("82 a1 74 a4 70 6f 6e 67 a3 73 65 71 " + String.format("%02x", ping[ping.length - 1]));
      sync(peer, server);
      assertTrue(server.isOpen(), "round " + round);
    }
  }

  /**
   * A message from {@code a} to {@code b} and one back: once it returns, {@code a} has processed every frame
   * {@code b} sent before (frames are handled in order), such as a credit that should not exist.
   */
  private static void roundTrip(Session a, Session b) throws Exception {
    a.newSender(Msg.class).send(new Msg(99));
    b.accept(Msg.class).receive();
    b.newSender(Msg.class).send(new Msg(98));
    assertEquals(98, a.accept(Msg.class).receive().n());
  }

  private int syncId = 1;

  /** Waits until the server has processed everything the raw peer sent so far (frames are handled in order). */
  private void sync(RawPeer peer, Session server) throws Exception {
    // A top-level channel {"id":N,"parent":nil} opened and ended at once: accept returns once it was processed.
    peer.sendHex("82 a2 69 64 " + String.format("%02x", syncId) + " a6 70 61 72 65 6e 74 c0");
    syncId += 2;
    Receiver<Object> r = server.accept(Object.class);
    assertNull(r.receive());
  }

  private static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

}
