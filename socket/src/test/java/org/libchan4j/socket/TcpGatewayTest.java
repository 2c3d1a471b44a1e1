package org.libchan4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.Limits;
import org.libchan4j.Pipe;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.socket.TcpGateway.Reply;
import org.libchan4j.socket.TcpGateway.Request;

/** The TCP gateway: bytes through a session to an allow-listed backend and back, and what a refused target gets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpGatewayTest {
  private static final int TEN_MB = 10 * 1024 * 1024;
  /** Small enough that holding the 10 MB anywhere in a session or transport closes it with 1008. */
  private static final Limits TIGHT = Limits.defaults().withMaxBufferedBytes(1024 * 1024);

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** A backend on 127.0.0.1 that runs {@code behaviour} for each connection on its own thread. */
  private ServerSocket backend(Behaviour behaviour) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    open.add(server);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread c = new Thread(() -> {
            try (s) {
              behaviour.run(s);
            } catch (IOException ignored) {
              // the test sees what it needs on the client side
            }
          }, "test-backend-connection");
          c.setDaemon(true);
          c.start();
        } catch (IOException closed) {
          return;
        }
      }
    }, "test-backend");
    t.setDaemon(true);
    t.start();
    return server;
  }

  interface Behaviour {
    void run(Socket s) throws IOException;
  }

  /** Echoes until the client's end, then ends its own output. */
  private static void echo(Socket s) throws IOException {
    s.getInputStream().transferTo(s.getOutputStream());
    s.shutdownOutput();
  }

  private static String target(ServerSocket backend) {
    return "127.0.0.1:" + backend.getLocalPort();
  }

  /** A client session to a listener that serves {@code gateway} (both ends in {@code mode}, tight limits). */
  private Session gatewaySession(TcpGateway gateway, SessionOptions.Mode mode) throws IOException {
    open.add(gateway);
    SocketOptions options = SocketOptions.builder().mode(mode).limits(TIGHT).build();
    ChanListener listener = ChanSockets.listen(new InetSocketAddress("127.0.0.1", 0), options, gateway::serve);
    open.add(listener);
    Session client = ChanSockets.dial(listener.address(), options);
    open.add(client);
    return client;
  }

  @Test
  void tenMegabytesThroughTheGatewayToAnEchoServerAndBack() throws Exception {
    ServerSocket echo = backend(TcpGatewayTest::echo);
    TcpGateway gateway = TcpGateway.allowing(target(echo));
    Session client = gatewaySession(gateway, SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    Pipe<Reply> reply = Pipe.buffered(1);
    client.newSender(Request.class).send(new Request(target(echo), pipe.remote(), reply.sender()));
    assertEquals(Reply.success(), reply.receiver().receive());

    // Generated and hashed on the fly in 64 KiB pieces: the test holds no more of the 10 MB than the gateway may.
    CompletableFuture<byte[]> sent = CompletableFuture.supplyAsync(() -> {
      try (OutputStream out = pipe.local().output()) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(10);
        byte[] chunk = new byte[64 * 1024];
        for (int done = 0; done < TEN_MB; done += chunk.length) {
          random.nextBytes(chunk);
          sha.update(chunk);
          out.write(chunk);
        }
        return sha.digest();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long received = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = pipe.local().input()) {
      for (int n; (n = in.read(buf)) >= 0; received += n) sha.update(buf, 0, n);
    }
    assertEquals(TEN_MB, received, "the echo came back whole, then the backend's end ended the stream");
    assertArrayEquals(sent.get(30, TimeUnit.SECONDS), sha.digest(), "SHA-256 of what came back");
    assertTrue(client.isOpen(), "no buffer limit was hit on the way");
  }

  @Test
  void deniedTargetFailsTheStreamWithAClearError() throws Exception {
    ServerSocket echo = backend(TcpGatewayTest::echo);
    ServerSocket other = backend(TcpGatewayTest::echo);
    Session client = gatewaySession(TcpGateway.allowing(target(echo)), SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    Pipe<Reply> reply = Pipe.buffered(1);
    client.newSender(Request.class).send(new Request(target(other), pipe.remote(), reply.sender()));

    String expected = "connect to " + target(other) + " denied: not in the gateway's allow-list";
    assertEquals(Reply.failure(TcpGateway.DENIED, expected), reply.receiver().receive());
    IOException e = assertThrows(IOException.class, () -> pipe.local().input().read());
    ChannelFailedException cause = assertInstanceOf(ChannelFailedException.class, e.getCause());
    assertEquals(TcpGateway.DENIED, cause.code());
    assertTrue(cause.getMessage().contains(expected), cause.getMessage());
  }

  @Test
  void compatModeTellsWhyOnTheReplyAndEndsTheStream() throws Exception {
    Session client = gatewaySession(TcpGateway.allowing("127.0.0.1:22"), SessionOptions.Mode.COMPAT);
    BytePipe pipe = BytePipe.create();
    Pipe<Reply> reply = Pipe.buffered(1);
    client.newSender(Request.class).send(new Request("localhost:22", pipe.remote(), reply.sender()));
    Reply r = reply.receiver().receive();
    assertEquals(TcpGateway.DENIED, r.code(), "names are compared as written: localhost is not 127.0.0.1");
    assertEquals(-1, pipe.local().input().read(), "compat mode has no error frame: a plain end");
  }

  @Test
  void malformedAndUnreachableTargets() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    Session client = gatewaySession(TcpGateway.allowing("127.0.0.1:" + closedPort), SessionOptions.Mode.EXTENDED);
    for (String target : new String[] {"no-port", "127.0.0.1:" + closedPort}) {
      BytePipe pipe = BytePipe.create();
      Pipe<Reply> reply = Pipe.buffered(1);
      client.newSender(Request.class).send(new Request(target, pipe.remote(), reply.sender()));
      Reply r = reply.receiver().receive();
      int code = target.equals("no-port") ? TcpGateway.BAD_REQUEST : TcpGateway.CONNECT_FAILED;
      assertEquals(code, r.code(), r.error());
      IOException e = assertThrows(IOException.class, () -> pipe.local().input().read());
      assertEquals(code, assertInstanceOf(ChannelFailedException.class, e.getCause()).code());
    }
  }

  @Test
  void backendClosingEndsTheStreamAndClientEndHalfClosesTheBackend() throws Exception {
    CompletableFuture<String> backendRead = new CompletableFuture<>();
    ServerSocket greeter = backend(s -> {
      s.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput(); // the backend is done talking, but still listens
      backendRead.complete(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    });
    TcpGateway gateway = TcpGateway.allowing(target(greeter));
    Session client = gatewaySession(gateway, SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    client.newSender(Request.class).send(new Request(target(greeter), pipe.remote(), null));

    assertEquals("hello\n", new String(pipe.local().input().readAllBytes(), StandardCharsets.UTF_8),
        "the backend's end of output is the stream's END");
    try (OutputStream out = pipe.local().output()) {
      out.write("bye".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("bye", backendRead.get(20, TimeUnit.SECONDS), "the client's END reached the backend as its EOF");
  }

  @Test
  void closingTheGatewayEndsItsTunnels() throws Exception {
    CompletableFuture<Integer> backendSawEnd = new CompletableFuture<>();
    ServerSocket silent = backend(s -> backendSawEnd.complete(s.getInputStream().read()));
    TcpGateway gateway = TcpGateway.allowing(target(silent));
    Session client = gatewaySession(gateway, SessionOptions.Mode.EXTENDED);
    BytePipe pipe = BytePipe.create();
    Pipe<Reply> reply = Pipe.buffered(1);
    client.newSender(Request.class).send(new Request(target(silent), pipe.remote(), reply.sender()));
    assertEquals(Reply.success(), reply.receiver().receive());
    assertEquals(1, gateway.openTunnels());
    gateway.close();
    assertEquals(-1, backendSawEnd.get(20, TimeUnit.SECONDS), "the backend connection was closed");
    assertEquals(-1, pipe.local().input().read(), "and the client's stream ended");
  }
}
