package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.BytePipe;
import org.libchan4j.ByteStream;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.testing.FaultProxy;
import org.libchan4j.transport.TransportListener;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * Resumable sessions over real WebSocket connections through a loopback proxy that resets them at chosen points
 * (PROTOCOL.md section 14.6): the Java client reconnects and resumes, the server's handler never notices.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResumptionOverWebSocketTest {
  record Msg(int n) {}

  record Upload(ByteStream data, Sender<String> digest) {}

  record Ping(String text, Sender<String> reply) {}

  private final LinkedBlockingQueue<Session> serverSessions = new LinkedBlockingQueue<>();
  private ChanServer server;
  private FaultProxy proxy;

  private void start() throws Exception {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> serverSessions.add(session))
        .authenticator(h -> h.header("X-User") == null ? AuthResult.unauthorized("who?")
            : AuthResult.allow(h.header("X-User")))
        .build()).build().start();
    proxy = new FaultProxy(server.port());
  }

  private final java.util.List<Session> clients = new java.util.ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Session c : clients) c.close(); // first: a client cut off by the proxy's close would keep reconnecting
    if (proxy != null) proxy.close();
    if (server != null) server.close();
  }

  private URI viaProxy() {
    return URI.create("ws://127.0.0.1:" + proxy.port() + "/chan");
  }

  private static ClientOptions.Builder as(String user) {
    return ClientOptions.builder().header("X-User", user)
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200));
  }

  private Session serverSession() throws InterruptedException {
    Session s = serverSessions.poll(20, TimeUnit.SECONDS);
    assertNotNull(s, "no server session");
    return s;
  }

  @Test
  void fiftyCutsDuringHundredThousandMessagesAndFiftyMegabytesLoseNothing() throws Exception {
    start();
    Session client = ChanClient.connect(viaProxy(), as("alice").build());
    clients.add(client);
    Random random = new Random(2026);
    TreeSet<Integer> messageCuts = new TreeSet<>();
    while (messageCuts.size() < 25) {
      int at = 1 + random.nextInt(99_999);
      Integer below = messageCuts.floor(at);
      Integer above = messageCuts.ceiling(at);
      // Further apart than the server's channel capacity (1,024): each cut then meets a live connection.
      if ((below == null || at - below >= 2000) && (above == null || above - at >= 2000)) messageCuts.add(at);
    }
    long streamBytes = 50L * 1024 * 1024;
    long cutEvery = streamBytes / 26; // 25 cuts inside the transfer

    Sender<Msg> messages = client.newSender(Msg.class);
    CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; i < 100_000; i++) messages.send(new Msg(i));
        messages.close();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Session atServer = serverSession();
    Receiver<Msg> received = atServer.accept(Msg.class);
    int expected = 0;
    int cuts = 0;
    for (Msg m : received) {
      assertEquals(expected, m.n(), "a message arrived out of order or twice");
      expected++;
      if (messageCuts.contains(expected)) cuts += proxy.cut() > 0 ? 1 : 0;
    }
    assertEquals(100_000, expected, "every message arrived");
    sending.get(60, TimeUnit.SECONDS);

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
        if (total / cutEvery > before / cutEvery && total < streamBytes) cuts += proxy.cut() > 0 ? 1 : 0;
      }
    }
    upload.digest().send(HexFormat.of().formatHex(got.digest()));
    writing.get(60, TimeUnit.SECONDS);
    assertEquals(streamBytes, total);
    assertEquals(HexFormat.of().formatHex(sent.digest()), digest.receiver().receive(), "the bytes arrived intact");

    assertEquals(50, cuts, "50 live connections were cut");
    assertEquals(51, proxy.accepted(), "one connection, then one per cut");
    assertTrue(client.isOpen() && atServer.isOpen());
    assertEquals(1, server.endpoint().resumableSessions(), "one session, resumed 50 times");
    assertEquals(0, serverSessions.size(), "the handler ran once: a resume opens no new session");
  }

  @Test
  void aResumeByAnotherIdentityIsRefusedAndTheOwnersSessionGoesOn() throws Exception {
    start();
    Session client = ChanClient.connect(viaProxy(), as("alice").build());
    clients.add(client);
    Sender<Ping> pings = client.newSender(Ping.class);
    Pipe<String> replies = Pipe.buffered(1);
    pings.send(new Ping("one", replies.sender()));
    Session atServer = serverSession();
    Receiver<Ping> served = atServer.accept(Ping.class);
    Ping first = served.receive();
    first.reply().send("pong " + first.text());
    first.reply().close();
    assertEquals("pong one", replies.receiver().receive());

    String token = ((SessionImpl) client).resumeToken();
    assertNotNull(token, "the session is resumable");
    // Mallory has the token but authenticates as herself.
    WebSocketTransport thief = ChanClient.connectTransport(URI.create(server.uri().toString()),
        ClientOptions.builder().header("X-User", "mallory").build());
    CompletableFuture<String> closed = new CompletableFuture<>();
    LinkedBlockingQueue<byte[]> leaked = new LinkedBlockingQueue<>();
    thief.start(new TransportListener() {
      @Override public void onMessage(byte[] message) { leaked.add(message); }
      @Override public void onClosed(int code, String reason, Throwable cause) { closed.complete(code + " " + reason); }
    });
    Map<String, Object> resume = new LinkedHashMap<>();
    resume.put("t", "resume");
    resume.put("tok", token);
    resume.put("n", 0L);
    thief.send(new MsgpackWriter(MsgpackProfile.STANDARD, null).write(resume).toByteArray());
    thief.flush();
    assertEquals(CloseCodes.RESUME_REFUSED + " resume refused: the session belongs to another identity",
        closed.get(20, TimeUnit.SECONDS));
    assertEquals(0, leaked.size(), "nothing of alice's session reached mallory");

    // Alice's session is untouched, and still resumes after a drop.
    assertEquals(1, proxy.cut(), "alice's connection was cut");
    Pipe<String> again = Pipe.buffered(1);
    pings.send(new Ping("two", again.sender()));
    Ping second = served.receive();
    second.reply().send("pong " + second.text());
    assertEquals("pong two", again.receiver().receive());
    assertEquals(0, serverSessions.size());
  }
}
