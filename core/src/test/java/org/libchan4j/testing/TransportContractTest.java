package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.Channels;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;

/**
 * The behaviour every transport must show, written once against the public API. Where one test thread plays both
 * sides, return channels are buffered ({@code Pipe.buffered(1)}): under the extended mode's Go semantics an
 * unbuffered reply would wait for a receive the same thread has not reached yet, exactly as in Go.
 *
 * <p>Written in the manner of rsocket's {@code TransportTest}: a transport's test extends this class and implements
 * {@link #connectRaw()} (see {@link SessionPairs}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TransportContractTest extends SessionPairs {

  public record Hello(String text, int n) {}

  public record Request(String cmd, List<String> args, Sender<Status> status) {}

  public record Status(int code) {}

  public record Upload(String name, Receiver<Chunk> chunks, Sender<Status> done) {}

  public record Chunk(int seq, String text) {}

  public record Big(List<Integer> numbers, byte[] blob) {}

  public record Echo(ByteStream stream) {}

  public record Nest(int depth, Sender<Nest> down, Receiver<Nest> up) {}

  public record Download(Sender<Payload> reply) {}

  public record Payload(ByteStream stream) {}

  public record Forward(Receiver<Hello> items) {}

  private static <T> T within(CompletableFuture<T> f) throws Exception {
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void oneMessage() throws Exception {
    Session[] s = connect();
    Sender<Hello> out = s[0].newSender(Hello.class);
    out.send(new Hello("hi", 1));
    Receiver<Hello> in = s[1].accept(Hello.class);
    assertEquals(new Hello("hi", 1), in.receive());
    out.close();
    assertNull(in.receive(), "end of channel after close");
  }

  /**
   * Lock discipline seen from the application: every future the library completes (accept, receive, send, close)
   * runs its callbacks with neither session's lock held, so a callback may call back into either session.
   */
  @Test
  void callbacksRunWithoutAnySessionLock() throws Exception {
    Session[] s = connect();
    List<String> underLock = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<String> check = what -> {
      for (Session session : s) {
        if (session instanceof org.libchan4j.internal.session.SessionImpl
            && ((org.libchan4j.internal.session.SessionImpl) session).holdsLock()) {
          underLock.add(what);
        }
      }
    };
    CompletableFuture<Receiver<Request>> accepted = s[1].acceptAsync(Request.class);
    accepted.whenComplete((r, e) -> check.accept("acceptAsync"));
    Sender<Request> requests = s[0].newSender(Request.class);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Pipe<Status> status = Pipe.buffered(1);
      all.add(requests.sendAsync(new Request("r", List.of(), status.sender())).whenComplete((v, e) -> check.accept("sendAsync")));
      Request r = within(accepted).receiveAsync().whenComplete((v, e) -> check.accept("receiveAsync")).get(20, TimeUnit.SECONDS);
      // The reply is sent from inside a completion callback, which must be allowed to call into the session.
      CompletableFuture<Status> reply = status.receiver().receiveAsync().whenComplete((v, e) -> check.accept("reply"));
      CompletableFuture.completedFuture(r).thenAccept(req -> {
        req.status().sendAsync(new Status(0)).whenComplete((v, e) -> check.accept("reply sendAsync"));
        req.status().close();
      });
      assertEquals(new Status(0), within(reply));
    }
    for (CompletableFuture<?> f : all) within(f);
    requests.close();
    CompletableFuture<Void> closed = s[1].closeFuture().whenComplete((v, e) -> check.accept("closeFuture"));
    s[0].close();
    try {
      within(closed);
    } catch (ExecutionException expected) {
      // how the server sees the client's close depends on the transport; only the callback's thread matters here
    }
    assertEquals(List.of(), underLock, "callbacks that ran under a session lock");
  }

  @Test
  void fiftyMessagesInOrder() throws Exception {
    Session[] s = connect();
    Sender<Hello> out = s[0].newSender(Hello.class);
    for (int i = 1; i <= 50; i++) out.send(new Hello("m", i));
    out.close();
    List<Integer> got = new ArrayList<>();
    for (Hello h : s[1].accept(Hello.class)) got.add(h.n());
    List<Integer> want = new ArrayList<>();
    for (int i = 1; i <= 50; i++) want.add(i);
    assertEquals(want, got);
  }

  @Test
  void fiftyChannels() throws Exception {
    Session[] s = connect();
    for (int i = 1; i <= 50; i++) {
      Sender<Hello> out = s[0].newSender(Hello.class);
      out.send(new Hello("channel", i));
      out.close();
    }
    for (int i = 1; i <= 50; i++) {
      Receiver<Hello> in = s[1].accept(Hello.class);
      assertEquals(i, in.receive().n(), "channels are accepted in the order they were opened");
      assertNull(in.receive());
    }
  }

  @Test
  void bigMessage() throws Exception {
    Session[] s = connect();
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) numbers.add(i * 7919);
    byte[] blob = new byte[1 << 20];
    new Random(42).nextBytes(blob);
    Sender<Big> out = s[0].newSender(Big.class);
    out.send(new Big(numbers, blob));
    Big got = s[1].accept(Big.class).receive();
    assertEquals(numbers, got.numbers());
    assertArrayEquals(blob, got.blob());
  }

  @Test
  void replyThroughReturnChannel() throws Exception {
    Session[] s = connect();
    Sender<Request> requests = s[0].newSender(Request.class);
    Pipe<Status> status = Pipe.buffered(1);
    requests.send(new Request("ls", List.of("-l"), status.sender()));

    Request r = s[1].accept(Request.class).receive();
    assertEquals("ls", r.cmd());
    assertEquals(List.of("-l"), r.args());
    r.status().send(new Status(7));
    r.status().close();

    assertEquals(new Status(7), status.receiver().receive());
    assertNull(status.receiver().receive(), "the server ended the return channel");
  }

  @Test
  void writeSubChannel() throws Exception {
    Session[] s = connect();
    Sender<Upload> uploads = s[0].newSender(Upload.class);
    Pipe<Chunk> chunks = Pipe.buffered(100);
    Pipe<Status> done = Pipe.buffered(1);
    uploads.send(new Upload("file", chunks.receiver(), done.sender()));
    for (int i = 0; i < 20; i++) chunks.sender().send(new Chunk(i, "part" + i));
    chunks.sender().close();

    Upload u = s[1].accept(Upload.class).receive();
    int n = 0;
    for (Chunk c : u.chunks()) {
      assertEquals(new Chunk(n, "part" + n), c);
      n++;
    }
    u.done().send(new Status(n));
    assertEquals(new Status(20), done.receiver().receive());
  }

  @Test
  void byteStreamEcho() throws Exception {
    Session[] s = connect();
    Sender<Echo> out = s[0].newSender(Echo.class);
    BytePipe pipe = BytePipe.create();
    out.send(new Echo(pipe.remote()));

    Echo e = s[1].accept(Echo.class).receive();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> echo = pool.submit(() -> {
        try (InputStream in = e.stream().input(); OutputStream o = e.stream().output()) {
          in.transferTo(o);
        }
        return null;
      });
      Future<byte[]> back = pool.submit(() -> pipe.local().input().readAllBytes());
      byte[] data = new byte[1 << 20];
      new Random(7).nextBytes(data);
      try (OutputStream o = pipe.local().output()) {
        o.write(data);
      }
      assertArrayEquals(sha256(data), sha256(back.get(20, TimeUnit.SECONDS)));
      echo.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lateRendezvousKeepsDataAndEnd() throws Exception {
    RawConnection raw = connectRaw();
    open.add(raw);
    RawPeer peer = RawPeer.forMode(raw.client(), mode());
    // Data and END for nested channel 3 arrive before the message on channel 1 that carries its reference.
    peer.sendHex("83 a2 69 64 03 a4 64 61 74 61 82 a4 74 65 78 74 a5 65 61 72 6c 79 a1 6e 01"
        + " a6 70 61 72 65 6e 74 01");
    peer.sendHex("81 a2 69 64 03");
    peer.sendHex("83 a2 69 64 01 a4 64 61 74 61 81 a5 69 74 65 6d 73 c7 05 01 01 00 00 00 03"
        + " a6 70 61 72 65 6e 74 c0");
    Forward f = raw.server().accept(Forward.class).receive();
    assertEquals(new Hello("early", 1), f.items().receive());
    assertNull(f.items().receive(), "the END that arrived before the reference is not lost");
    peer.close();
  }

  @Test
  void channelsNestedThreeDeepBothWays() throws Exception {
    Session[] s = connect();
    Sender<Nest> top = s[0].newSender(Nest.class);
    // Client -> server: each level carries a Sender the other side uses to go one deeper.
    Pipe<Nest> level1 = Pipe.buffered(1);
    top.send(new Nest(1, level1.sender(), null));

    Receiver<Nest> accepted = s[1].accept(Nest.class);
    Nest n1 = accepted.receive();
    assertEquals(1, n1.depth());
    Pipe<Nest> level2 = Pipe.buffered(1);
    n1.down().send(new Nest(2, level2.sender(), null));

    Nest n2 = level1.receiver().receive();
    assertEquals(2, n2.depth());
    Pipe<Nest> level3 = Pipe.buffered(1);
    n2.down().send(new Nest(3, level3.sender(), null));

    Nest n3 = level2.receiver().receive();
    assertEquals(3, n3.depth());
    // At depth 3, the server hands back a Receiver (a channel the client reads) and writes into it.
    Pipe<Nest> up = Pipe.buffered(1);
    n3.down().send(new Nest(4, null, up.receiver()));
    up.sender().send(new Nest(5, null, null));
    up.sender().close();

    Nest n4 = level3.receiver().receive();
    assertEquals(4, n4.depth());
    assertEquals(5, n4.up().receive().depth());
    assertNull(n4.up().receive());
  }

  @Test
  void byteStreamThroughReturnChannel() throws Exception {
    Session[] s = connect();
    Sender<Download> out = s[0].newSender(Download.class);
    Pipe<Payload> reply = Pipe.buffered(1);
    out.send(new Download(reply.sender()));

    Download d = s[1].accept(Download.class).receive();
    BytePipe bytes = BytePipe.create();
    d.reply().send(new Payload(bytes.remote()));
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    // More than a stream window: with flow control the writer needs a reader running at the same time.
    CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
      try (OutputStream o = bytes.local().output()) {
        o.write(data);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    Payload p = reply.receiver().receive();
    assertArrayEquals(data, p.stream().input().readAllBytes());
    within(written);
  }

  @Test
  void inputAndOutputStreamFields() throws Exception {
    record Files(InputStream source, OutputStream sink) {}
    Session[] s = connect();
    byte[] data = new byte[200_000];
    new Random(5).nextBytes(data);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompletableFuture<Void> sinkClosed = new CompletableFuture<>();
    OutputStream watched = new OutputStream() {
      @Override public void write(int b) { sink.write(b); }
      @Override public void write(byte[] b, int off, int len) { sink.write(b, off, len); }
      @Override public void close() { sinkClosed.complete(null); }
    };
    s[0].newSender(Files.class).send(new Files(new ByteArrayInputStream(data), watched));

    Files f = s[1].accept(Files.class).receive();
    byte[] read = f.source().readAllBytes();
    assertArrayEquals(data, read);
    try (OutputStream o = f.sink()) {
      o.write(read);
    }
    within(sinkClosed);
    assertArrayEquals(data, sink.toByteArray());
  }

  @Test
  void passingChannelsBetweenTwoSessions() throws Exception {
    Session[] a = connect();
    Session[] b = connect();
    // Client A sends a receiver; the server forwards it to client B (a new channel piped from the old one).
    Pipe<Hello> items = Pipe.buffered(10);
    a[0].newSender(Forward.class).send(new Forward(items.receiver()));
    Forward fromA = a[1].accept(Forward.class).receive();
    b[1].newSender(Forward.class).send(new Forward(fromA.items()));

    Forward atB = b[0].accept(Forward.class).receive();
    for (int i = 0; i < 10; i++) items.sender().send(new Hello("via server", i));
    items.sender().close();
    int n = 0;
    for (Hello h : atB.items()) assertEquals(n++, h.n());
    assertEquals(10, n);
  }

  @Test
  void returnChannelForwardedWithCopy() throws Exception {
    Session[] a = connect();
    Session[] b = connect();
    // Client A asks; the server relays the request to B with a fresh return channel and copies B's answers to A.
    Pipe<Status> answer = Pipe.buffered(1);
    a[0].newSender(Request.class).send(new Request("ask", List.of(), answer.sender()));
    Request atServer = a[1].accept(Request.class).receive();
    Pipe<Status> relay = Pipe.buffered(1);
    b[1].newSender(Request.class).send(new Request("relay", List.of(), relay.sender()));
    CompletableFuture<Long> copied = Channels.copy(relay.receiver(), atServer.status());

    Request atB = b[0].accept(Request.class).receive();
    atB.status().send(new Status(42));
    atB.status().close();
    assertEquals(new Status(42), answer.receiver().receive());
    assertNull(answer.receiver().receive());
    assertEquals(1L, within(copied));
  }

  @Test
  void serverOpensChannelsToo() throws Exception {
    Session[] s = connect();
    Sender<Hello> push = s[1].newSender(Hello.class);
    push.send(new Hello("event", 9));
    push.close();
    Receiver<Hello> in = s[0].accept(Hello.class);
    assertEquals(9, in.receive().n());
    assertNull(in.receive());
  }

  @Test
  void untypedMaps() throws Exception {
    Session[] s = connect();
    Pipe<Map<String, Object>> replies = Pipe.buffered(1);
    Sender<Map<String, Object>> out = s[0].newSender(new TypeToken<Map<String, Object>>() {}.getType());
    out.send(Map.of("op", "echo", "value", List.of(1L, "two", 3.5), "reply", replies.sender()));
    Receiver<Map<String, Object>> in = s[1].accept(new TypeToken<Map<String, Object>>() {}.getType());
    Map<String, Object> m = in.receive();
    assertEquals("echo", m.get("op"));
    assertEquals(List.of(1L, "two", 3.5), m.get("value"));
    @SuppressWarnings("unchecked")
    Sender<Object> reply = (Sender<Object>) m.get("reply");
    reply.send(Map.of("value", m.get("value")));
    assertEquals(Map.of("value", List.of(1L, "two", 3.5)), replies.receiver().receive());
  }

  @Test
  void closeEventsOnBothSides() throws Exception {
    Session[] s = connect();
    Sender<Hello> out = s[1].newSender(Hello.class);
    out.send(new Hello("open", 1));
    Receiver<Hello> in = s[0].accept(Hello.class);
    assertEquals(1, in.receive().n());
    s[0].close();
    within(s[0].closeFuture());
    // An orderly close by the peer completes the server's closeFuture normally too...
    within(s[1].closeFuture());
    assertTrue(!s[0].isOpen() && !s[1].isOpen());
    // ...but channels still open on either side fail rather than look ended.
    assertThrows(SessionClosedException.class, in::receive);
    assertThrows(SessionClosedException.class, () -> out.send(new Hello("late", 2)));
    assertThrows(SessionClosedException.class, () -> s[1].accept(Hello.class));
  }

  @Test
  void eightThreadsTenThousandMessagesEach() throws Exception {
    Session[] s = connect();
    int threads = 8;
    int count = 10_000;
    // Senders and readers each need a thread: with flow control a sender waits for its reader.
    ExecutorService pool = Executors.newFixedThreadPool(2 * threads);
    try {
      List<Future<?>> sends = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        sends.add(pool.submit(() -> {
          Sender<Hello> out = s[0].newSender(Hello.class);
          for (int i = 1; i <= count; i++) out.send(new Hello("t" + thread, i));
          out.close();
          return null;
        }));
      }
      List<CompletableFuture<Integer>> checks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Receiver<Hello> in = s[1].accept(Hello.class);
        checks.add(CompletableFuture.supplyAsync(() -> {
          int expected = 1;
          String name = null;
          for (Hello h : in) {
            if (name == null) name = h.text();
            assertEquals(name, h.text(), "one thread per channel");
            assertEquals(expected++, h.n(), "per-channel order");
          }
          return expected - 1;
        }, pool));
      }
      for (Future<?> f : sends) f.get(60, TimeUnit.SECONDS);
      for (CompletableFuture<Integer> c : checks) assertEquals(count, c.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void peerClosingMidStreamFailsOpenChannels() throws Exception {
    Session[] s = connect();
    Sender<Hello> out = s[0].newSender(Hello.class);
    out.send(new Hello("before", 1));
    Pipe<Status> pending = Pipe.buffered(1);
    s[0].newSender(Request.class).send(new Request("never answered", List.of(), pending.sender()));

    Receiver<Hello> in = s[1].accept(Hello.class);
    assertEquals(1, in.receive().n());
    Request r = s[1].accept(Request.class).receive();
    assertNotNull(r.status());
    s[0].close();

    SessionClosedException server = assertThrows(SessionClosedException.class, in::receive,
        "an open channel fails when the peer goes away; it does not look like a normal end");
    assertTrue(server.getMessage().contains("closed"), server.getMessage());
    assertThrows(SessionClosedException.class, () -> r.status().send(new Status(1)));
    assertThrows(SessionClosedException.class, () -> pending.receiver().receive(),
        "the client's own return channel fails too");
  }

  @Test
  void malformedFrameClosesOnlyThatSession() throws Exception {
    Session[] healthy = connect();
    RawConnection raw = connectRaw();
    open.add(raw);
    RawPeer peer = RawPeer.forMode(raw.client(), mode());
    peer.sendHex("c1"); // never valid msgpack
    assertEquals(1007, peer.awaitClose(), "bad data closes with INVALID_DATA");
    ExecutionException failed = assertThrows(ExecutionException.class,
        () -> raw.server().closeFuture().get(20, TimeUnit.SECONDS));
    SessionClosedException cause = assertInstanceOf(SessionClosedException.class, failed.getCause());
    assertEquals(1007, cause.closeCode());
    assertTrue(cause.getMessage().contains("malformed frame"), cause.getMessage());

    Sender<Hello> out = healthy[0].newSender(Hello.class);
    out.send(new Hello("still here", 1));
    assertEquals(1, healthy[1].accept(Hello.class).receive().n(), "other sessions keep working");
  }

  @Test
  void protocolViolationClosesWithProtocolError() throws Exception {
    RawConnection raw = connectRaw();
    open.add(raw);
    RawPeer peer = RawPeer.forMode(raw.client(), mode());
    // {"id": 2, "data": "x"}: id 2 has the server's parity and was never allocated.
    peer.sendHex("82 a2 69 64 02 a4 64 61 74 61 a1 78");
    assertEquals(1002, peer.awaitClose());
    assertTrue(peer.closeReason().contains("unknown id 2"), peer.closeReason());
  }

  @Test
  void requestReplyLeavesNothingOpen() throws Exception {
    Session[] s = connect();
    Sender<Request> requests = s[0].newSender(Request.class);
    Receiver<Request> in = null;
    for (int i = 0; i < 2_000; i++) {
      Pipe<Status> reply = Pipe.buffered(1);
      requests.send(new Request("n", List.of(), reply.sender()));
      if (in == null) in = s[1].accept(Request.class); // the channel reaches the peer with its first message
      Request r = in.receive();
      r.status().send(new Status(i + 1));
      r.status().close();
      assertEquals(i + 1, reply.receiver().receive().code());
      assertNull(reply.receiver().receive());
    }
    requests.close();
    assertNull(in.receive());
    // Every return channel was freed on both sides once ended: the id tables are empty again.
    assertEquals(0, openChannels(s[0]));
    assertEquals(0, openChannels(s[1]));
  }

  private int openChannels(Session s) {
    return unwrapped(s).openChannelCount();
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
