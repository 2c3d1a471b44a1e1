package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.client.ChanClient;
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
 * Direction B: the Java client against a real jschan websocket server (node, {@code server.js}). Each test starts
 * one node server for one scenario of the transport contract suite; node plays the server's part and checks what it
 * receives, the test plays the client's part. Node reports "done" when its part is over; the test then closes the
 * session and node passes once it sees the close.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JschanServerTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private NodePeer node;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** Starts the jschan server for {@code scenario} and connects a Java client session to it. */
  private Session server(String scenario) throws Exception {
    node = NodePeer.start("server.js", scenario, transport());
    open.add(node);
    Session s = connect(node.awaitPort());
    open.add(s);
    node.closesOnFailure(s);
    return s;
  }

  /** The node process of the running test (its output tells why a scenario failed). */
  protected NodePeer node() {
    return node;
  }

  /** How server.js serves: "ws" (jschan's websocket server) or "tcp" (a raw stream session, JschanTcpServerTest). */
  protected String transport() {
    return "ws";
  }

  /** A Java client session to the jschan server on {@code port}. */
  protected Session connect(int port) throws Exception {
    return ChanClient.connect(URI.create("ws://127.0.0.1:" + port + "/"));
  }

  /** Node finished its part: close the session; node passes when it sees the close. */
  private void finish(Session s) throws Exception {
    node.awaitEvent("done");
    s.close();
    node.awaitPass();
  }

  @Test
  void message() throws Exception {
    Session s = server("message");
    Sender<Hello> out = s.newSender(Hello.class);
    out.send(new Hello("hi", 1));
    out.close();
    finish(s);
  }

  @Test
  void fiftyMessages() throws Exception {
    Session s = server("fifty-messages");
    Sender<Hello> out = s.newSender(Hello.class);
    for (int i = 1; i <= 50; i++) out.send(new Hello("m", i));
    out.close();
    finish(s);
  }

  @Test
  void fiftyChannels() throws Exception {
    Session s = server("fifty-channels");
    for (int i = 1; i <= 50; i++) {
      Sender<Hello> out = s.newSender(Hello.class);
      out.send(new Hello("channel", i));
      out.close();
    }
    finish(s);
  }

  @Test
  void bigMessage() throws Exception {
    Session s = server("big-message");
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 3000; i++) numbers.add(i * 7919);
    s.newSender(Big.class).send(new Big(numbers, TestData.bytes(1 << 20, 42)));
    finish(s);
  }

  record Late(Sender<Forward> reply) {}

  @Test
  void lateRendezvous() throws Exception {
    Session s = server("late-rendezvous");
    Pipe<Forward> reply = Pipe.create();
    s.newSender(Late.class).send(new Late(reply.sender()));
    Forward f = reply.receiver().receive();
    assertEquals(new Hello("early", 1), f.items().receive());
    assertNull(f.items().receive(), "the END that arrived before the reference is not lost");
    assertNull(reply.receiver().receive());
    finish(s);
  }

  @Test
  void lateByteStream() throws Exception {
    Session s = server("late-byte-stream");
    Pipe<Payload> reply = Pipe.create();
    s.newSender(Download.class).send(new Download(reply.sender()));
    Payload p = reply.receiver().receive();
    assertArrayEquals(TestData.bytes(100_000, 9), p.stream().input().readAllBytes(),
        "chunks and END that arrived before the reference are delivered");
    finish(s);
  }

  @Test
  void returnChannel() throws Exception {
    Session s = server("return-channel");
    Pipe<Status> status = Pipe.create();
    s.newSender(Request.class).send(new Request("ls", List.of("-l"), status.sender()));
    assertEquals(new Status(7), status.receiver().receive());
    assertNull(status.receiver().receive(), "jschan ended the return channel");
    finish(s);
  }

  @Test
  void writeSubChannel() throws Exception {
    Session s = server("write-sub-channel");
    Pipe<Chunk> chunks = Pipe.buffered(100);
    Pipe<Status> done = Pipe.create();
    s.newSender(Upload.class).send(new Upload("file", chunks.receiver(), done.sender()));
    for (int i = 0; i < 20; i++) chunks.sender().send(new Chunk(i, "part" + i));
    chunks.sender().close();
    assertEquals(new Status(20), done.receiver().receive());
    finish(s);
  }

  @Test
  void byteStreamEcho() throws Exception {
    Session s = server("byte-stream-echo");
    BytePipe pipe = BytePipe.create();
    s.newSender(Echo.class).send(new Echo(pipe.remote()));
    byte[] data = TestData.bytes(1 << 20, 7);
    CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
      try {
        return pipe.local().input().readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try (OutputStream o = pipe.local().output()) {
      o.write(data);
    }
    assertArrayEquals(TestData.sha256(data), TestData.sha256(back.get(NodePeer.TIMEOUT_SECONDS, TimeUnit.SECONDS)));
    finish(s);
  }

  @Test
  void channelInChannel() throws Exception {
    Session s = server("channel-in-channel");
    Pipe<Nest> level1 = Pipe.create();
    s.newSender(Nest.class).send(new Nest(1, level1.sender(), null));
    Nest n2 = level1.receiver().receive();
    assertEquals(2, n2.depth());
    Pipe<Nest> level3 = Pipe.create();
    n2.down().send(new Nest(3, level3.sender(), null));
    Nest n4 = level3.receiver().receive();
    assertEquals(4, n4.depth());
    assertEquals(5, n4.up().receive().depth());
    assertNull(n4.up().receive());
    finish(s);
  }

  @Test
  void byteStreamThroughReturnChannel() throws Exception {
    Session s = server("byte-stream-through-return-channel");
    Pipe<Payload> reply = Pipe.create();
    s.newSender(Download.class).send(new Download(reply.sender()));
    Payload p = reply.receiver().receive();
    assertArrayEquals(TestData.bytes(300_000, 3), p.stream().input().readAllBytes());
    finish(s);
  }

  @Test
  void serverOpensChannel() throws Exception {
    Session s = server("server-opens-channel");
    Receiver<Hello> in = s.accept(Hello.class);
    assertEquals(new Hello("event", 9), in.receive());
    assertNull(in.receive());
    finish(s);
  }

  record Streams(org.libchan4j.ByteStream source, org.libchan4j.ByteStream sink) {}

  /** jschan pipes one received byte stream into the other; the Java side ends its unused directions last. */
  @Test
  void autoPipedStreams() throws Exception {
    Session s = server("auto-piped-streams");
    BytePipe source = BytePipe.create();
    BytePipe sink = BytePipe.create();
    s.newSender(Streams.class).send(new Streams(source.remote(), sink.remote()));
    byte[] data = TestData.bytes(200_000, 5);
    try (OutputStream o = source.local().output()) {
      o.write(data);
    }
    assertArrayEquals(data, sink.local().input().readAllBytes());
    sink.local().close();
    source.local().close();
    finish(s);
  }

  @Test
  void requestReplyFreesIds() throws Exception {
    Session s = server("request-reply-frees-ids");
    Sender<Request> requests = s.newSender(Request.class);
    for (int i = 1; i <= 200; i++) {
      Pipe<Status> reply = Pipe.create();
      requests.send(new Request("n", List.of(), reply.sender()));
      assertEquals(new Status(i), reply.receiver().receive());
      assertNull(reply.receiver().receive());
    }
    requests.close();
    node.awaitEvent("done");
    assertEquals(0, ((SessionImpl) s).openChannelCount(), "every return channel and the request channel were freed");
    s.close();
    node.awaitPass();
  }

  @Test
  void compatRefusals() throws Exception {
    Session s = server("compat-refusals");
    Compat.sendRefusedThenValid(s);
    finish(s);
  }

  @Test
  void compatQuirks() throws Exception {
    Session s = server("compat-quirks");
    Compat.checkQuirks(Compat.acceptMaps(s));
    finish(s);
  }

  @Test
  void closeByJava() throws Exception {
    Session s = server("close-by-java");
    s.newSender(Hello.class).send(new Hello("hello", 1));
    Receiver<Hello> in = s.accept(Hello.class);
    assertEquals(new Hello("open", 1), in.receive());
    finish(s);
    s.closeFuture().get(NodePeer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThrows(SessionClosedException.class, in::receive);
  }

  @Test
  void closeByJschan() throws Exception {
    Session s = server("close-by-jschan");
    Pipe<Status> pending = Pipe.create();
    Sender<Request> out = s.newSender(Request.class);
    out.send(new Request("never answered", List.of(), pending.sender()));
    // jschan drops the connection without a meaningful close code: the close may count as orderly or not.
    s.closeFuture().handle((ok, failed) -> null).get(NodePeer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    node.awaitPass();
    assertThrows(SessionClosedException.class, () -> pending.receiver().receive(),
        "the unanswered return channel fails rather than looking ended");
    assertThrows(SessionClosedException.class, () -> out.send(new Request("late", List.of(), null)));
  }
}
