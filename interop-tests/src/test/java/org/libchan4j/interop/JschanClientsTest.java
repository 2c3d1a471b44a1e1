package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.testing.TransportContractTest.Big;
import org.libchan4j.testing.TransportContractTest.Chunk;
import org.libchan4j.testing.TransportContractTest.Download;
import org.libchan4j.testing.TransportContractTest.Echo;
import org.libchan4j.testing.TransportContractTest.Forward;
import org.libchan4j.testing.TransportContractTest.Hello;
import org.libchan4j.testing.TransportContractTest.Nest;
import org.libchan4j.testing.TransportContractTest.Payload;
import org.libchan4j.testing.TransportContractTest.Request;
import org.libchan4j.testing.TransportContractTest.Status;
import org.libchan4j.testing.TransportContractTest.Upload;

/**
 * Direction A: real jschan clients (node, {@code client.js}) against the Java server. Each test starts one node
 * process for one scenario of the transport contract suite; node plays the client's part and checks what it
 * receives, the test plays the server's part on the session the connection opened. Node reports "done" when its
 * part is over; the test then closes the session and node passes once it sees the close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JschanClientsTest {
  private static QueuedServer server;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = new QueuedServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    server.clear();
  }

  /** Starts the jschan client for {@code scenario} and returns the server-side session it opened. */
  private Session client(String scenario) throws Exception {
    NodePeer node = NodePeer.start("client.js", server.uri().toString(), scenario);
    open.add(node);
    Session s = server.next(node);
    open.add(s);
    node.closesOnFailure(s);
    return s;
  }

  private NodePeer node() {
    return (NodePeer) open.get(0);
  }

  /** Node finished its part: close the session; node passes when it sees the close. */
  private void finish(Session s) throws Exception {
    node().awaitEvent("done");
    s.close();
    node().awaitPass();
  }

  @Test
  void message() throws Exception {
    Session s = client("message");
    Receiver<Hello> in = s.accept(Hello.class);
    assertEquals(new Hello("hi", 1), in.receive());
    assertNull(in.receive(), "end of channel");
    finish(s);
  }

  @Test
  void fiftyMessages() throws Exception {
    Session s = client("fifty-messages");
    List<Integer> got = new ArrayList<>();
    for (Hello h : s.accept(Hello.class)) got.add(h.n());
    List<Integer> want = new ArrayList<>();
    for (int i = 1; i <= 50; i++) want.add(i);
    assertEquals(want, got);
    finish(s);
  }

  @Test
  void fiftyChannels() throws Exception {
    Session s = client("fifty-channels");
    for (int i = 1; i <= 50; i++) {
      Receiver<Hello> in = s.accept(Hello.class);
      assertEquals(new Hello("channel", i), in.receive(), "channels are accepted in the order they were opened");
      assertNull(in.receive());
    }
    finish(s);
  }

  @Test
  void bigMessage() throws Exception {
    Session s = client("big-message");
    Big big = s.accept(Big.class).receive();
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) numbers.add(i * 7919);
    assertEquals(numbers, big.numbers());
    assertArrayEquals(TestData.bytes(1 << 20, 42), big.blob());
    finish(s);
  }

  @Test
  void lateRendezvous() throws Exception {
    Session s = client("late-rendezvous");
    Forward f = s.accept(Forward.class).receive();
    assertEquals(new Hello("early", 1), f.items().receive());
    assertNull(f.items().receive(), "the END that arrived before the reference is not lost");
    finish(s);
  }

  @Test
  void lateByteStream() throws Exception {
    Session s = client("late-byte-stream");
    Echo e = s.accept(Echo.class).receive();
    assertArrayEquals(TestData.bytes(100_000, 9), e.stream().input().readAllBytes(),
        "chunks and END that arrived before the reference are delivered");
    finish(s);
  }

  @Test
  void returnChannel() throws Exception {
    Session s = client("return-channel");
    Request r = s.accept(Request.class).receive();
    assertEquals("ls", r.cmd());
    assertEquals(List.of("-l"), r.args());
    r.status().send(new Status(7));
    r.status().close();
    finish(s);
  }

  @Test
  void writeSubChannel() throws Exception {
    Session s = client("write-sub-channel");
    Upload u = s.accept(Upload.class).receive();
    assertEquals("file", u.name());
    int n = 0;
    for (Chunk c : u.chunks()) {
      assertEquals(new Chunk(n, "part" + n), c);
      n++;
    }
    u.done().send(new Status(n));
    finish(s);
  }

  @Test
  void byteStreamEcho() throws Exception {
    Session s = client("byte-stream-echo");
    Echo e = s.accept(Echo.class).receive();
    try (InputStream in = e.stream().input(); OutputStream out = e.stream().output()) {
      in.transferTo(out);
    }
    finish(s);
  }

  @Test
  void channelInChannel() throws Exception {
    Session s = client("channel-in-channel");
    Receiver<Nest> top = s.accept(Nest.class);
    Nest n1 = top.receive();
    assertEquals(1, n1.depth());
    Pipe<Nest> level2 = Pipe.create();
    n1.down().send(new Nest(2, level2.sender(), null));
    Nest n3 = level2.receiver().receive();
    assertEquals(3, n3.depth());
    Pipe<Nest> up = Pipe.buffered(1);
    n3.down().send(new Nest(4, null, up.receiver()));
    up.sender().send(new Nest(5, null, null));
    up.sender().close();
    finish(s);
  }

  @Test
  void byteStreamThroughReturnChannel() throws Exception {
    Session s = client("byte-stream-through-return-channel");
    Download d = s.accept(Download.class).receive();
    BytePipe bytes = BytePipe.create();
    d.reply().send(new Payload(bytes.remote()));
    try (OutputStream o = bytes.local().output()) {
      o.write(TestData.bytes(300_000, 3));
    }
    finish(s);
  }

  @Test
  void serverOpensChannel() throws Exception {
    Session s = client("server-opens-channel");
    Sender<Hello> push = s.newSender(Hello.class);
    push.send(new Hello("event", 9));
    push.close();
    finish(s);
  }

  record Streams(ByteStream source, ByteStream sink) {}

  /**
   * jschan pipes a node Readable and Writable through byte streams of its own; the Java side takes them as
   * {@code ByteStream}s and ends its unused directions last.
   */
  @Test
  void autoPipedStreams() throws Exception {
    Session s = client("auto-piped-streams");
    Streams f = s.accept(Streams.class).receive();
    byte[] data = f.source().input().readAllBytes();
    assertArrayEquals(TestData.bytes(200_000, 5), data);
    try (OutputStream o = f.sink().output()) {
      o.write(data);
    }
    f.source().close();
    finish(s);
  }

  record PipedStreams(InputStream source, OutputStream sink) {}

  /**
   * The same jschan streams bound to {@code InputStream}/{@code OutputStream} fields: toward a compat peer the
   * unused directions are never ended, so the jschan session keeps processing (PROTOCOL.md section 9).
   */
  @Test
  void autoPipedStreamsAsInputAndOutputStreams() throws Exception {
    Session s = client("auto-piped-streams");
    PipedStreams f = s.accept(PipedStreams.class).receive();
    byte[] data = f.source().readAllBytes();
    assertArrayEquals(TestData.bytes(200_000, 5), data);
    try (OutputStream o = f.sink()) {
      o.write(data);
    }
    finish(s);
  }

  @Test
  void requestReplyFreesIds() throws Exception {
    Session s = client("request-reply-frees-ids");
    Receiver<Request> in = s.accept(Request.class);
    for (int i = 1; i <= 200; i++) {
      Request r = in.receive();
      r.status().send(new Status(i));
      r.status().close();
    }
    assertNull(in.receive());
    assertEquals(0, ((SessionImpl) s).openChannelCount(), "every return channel and the request channel were freed");
    finish(s);
  }

  @Test
  void compatRefusals() throws Exception {
    Session s = client("compat-refusals");
    Compat.sendRefusedThenValid(s);
    finish(s);
  }

  @Test
  void compatQuirks() throws Exception {
    Session s = client("compat-quirks");
    Compat.checkQuirks(Compat.acceptMaps(s));
    finish(s);
  }

  @Test
  void closeByJschan() throws Exception {
    Session s = client("close-by-jschan");
    Receiver<Request> in = s.accept(Request.class);
    Request r = in.receive();
    Sender<Hello> out = s.newSender(Hello.class);
    out.send(new Hello("open", 1));
    // jschan drops the connection without a meaningful close code: the close may count as orderly or not.
    s.closeFuture().handle((ok, failed) -> null).get(NodePeer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    node().awaitPass();
    // It sends no END when it closes either: what was open fails instead of looking ended.
    assertThrows(SessionClosedException.class, in::receive);
    assertThrows(SessionClosedException.class, () -> r.status().send(new Status(1)));
    assertThrows(SessionClosedException.class, () -> out.send(new Hello("late", 2)));
  }

  @Test
  void closeByJava() throws Exception {
    Session s = client("close-by-java");
    Receiver<Hello> in = s.accept(Hello.class);
    assertEquals(new Hello("hello", 1), in.receive());
    finish(s);
    s.closeFuture().get(NodePeer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThrows(SessionClosedException.class, in::receive);
  }
}
