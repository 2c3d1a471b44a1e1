package org.libchan4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libchan4j.testing.TestCerts;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.SessionOptions;

/** What the socket transports add to the contract: close records, limits, modes, TLS trust and thread release. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketSessionTest {
  record Hello(String text) {}

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  /** {"id": 1, "data": "hi", "parent": nil} */
  private static final String HI = "83a2696401a464617461a26869a6706172656e74c0";

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** A listener that completes {@code server} with its first session. */
  private ChanListener listen(SocketOptions options, CompletableFuture<Session> server) throws IOException {
    ChanListener l = ChanSockets.listen(LOOPBACK, options, server::complete);
    open.add(l);
    return l;
  }

  private Socket rawSocket(ChanListener l) throws IOException {
    Socket s = new Socket();
    open.add(s);
    s.connect(l.address(), 10_000);
    return s;
  }

  private static SessionClosedException closedWith(Session s) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> s.closeFuture().get(20, TimeUnit.SECONDS));
    return assertInstanceOf(SessionClosedException.class, e.getCause());
  }

  private static byte[] record(String frameHex) {
    byte[] frame = HexFormat.of().parseHex(frameHex);
    byte[] out = new byte[4 + frame.length];
    out[3] = (byte) frame.length;
    System.arraycopy(frame, 0, out, 4, frame.length);
    return out;
  }

  @Test
  void oversizeLengthClosesWith1009WithoutReadingTheFrame() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.defaults(), server);
    Socket raw = rawSocket(l);
    raw.getOutputStream().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0}); // claims ~2 GiB
    DataInputStream in = new DataInputStream(raw.getInputStream());
    assertEquals(0, in.readInt(), "a close record comes back");
    int n = in.readInt();
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, in.readUnsignedShort());
    byte[] reason = in.readNBytes(n - 2);
    assertEquals("frame of 2147483632 bytes exceeds maxMessageBytes (16777216)",
        new String(reason, StandardCharsets.UTF_8));
    assertEquals(-1, in.read(), "then the server ends its output");
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, closedWith(server.get(10, TimeUnit.SECONDS)).closeCode());
  }

  @Test
  void peerEndingWithoutCloseRecordIsAnOrderlyEnd() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.defaults(), server);
    Socket raw = rawSocket(l);
    raw.getOutputStream().write(record(HI));
    raw.shutdownOutput(); // what a jschan peer does: no close record
    Session s = server.get(10, TimeUnit.SECONDS);
    Receiver<String> in = s.accept(String.class);
    assertEquals("hi", in.receive());
    s.closeFuture().get(20, TimeUnit.SECONDS); // 1005: completes normally
    SessionClosedException e = assertThrows(SessionClosedException.class, in::receive,
        "the channel was not ended, so it fails rather than looking ended");
    assertEquals(1005, e.closeCode());
    assertEquals(-1, raw.getInputStream().read(), "nothing is sent back to a peer that ended");
  }

  @Test
  void connectionLostInsideARecordIsAbnormal() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.defaults(), server);
    Socket raw = rawSocket(l);
    raw.getOutputStream().write(new byte[] {0, 0, 0, 16, (byte) 0x81});
    raw.close();
    SessionClosedException e = closedWith(server.get(10, TimeUnit.SECONDS));
    assertEquals(CloseCodes.ABNORMAL, e.closeCode());
    assertTrue(e.getMessage().contains("connection ended inside a record"), e.getMessage());
  }

  @Test
  void closeCodeAndReasonReachThePeer() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.defaults(), server);
    Session client = ChanSockets.dial(l.address());
    open.add(client);
    server.get(10, TimeUnit.SECONDS).close(CloseCodes.POLICY_VIOLATION, "quota used up");
    SessionClosedException e = closedWith(client);
    assertEquals(CloseCodes.POLICY_VIOLATION, e.closeCode());
    assertTrue(e.getMessage().contains("quota used up"), e.getMessage());
  }

  @Test
  void outboundQueueIsBoundedWhenThePeerDoesNotRead() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    SocketOptions options = SocketOptions.builder().limits(Limits.defaults().withMaxBufferedBytes(256 * 1024)).build();
    ChanListener l = listen(options, server);
    rawSocket(l); // connects and never reads
    Session s = server.get(10, TimeUnit.SECONDS);
    Sender<Hello> out = s.newSender(Hello.class);
    String text = "x".repeat(16 * 1024);
    // Kernel buffers take a few MB; past them the writer blocks and the queue fills up. 1 GB is far beyond both.
    for (int i = 0; i < 64 * 1024 && s.isOpen(); i++) out.sendAsync(new Hello(text));
    SessionClosedException e = closedWith(s);
    assertEquals(CloseCodes.POLICY_VIOLATION, e.closeCode());
    assertTrue(e.getMessage().contains("outbound buffer exceeded"), e.getMessage());
  }

  @Test
  void modeMismatchFailsBothSidesWithProtocolError() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.builder().mode(SessionOptions.Mode.EXTENDED).build(), server);
    Session client = ChanSockets.dial(l.address(), SocketOptions.builder().mode(SessionOptions.Mode.COMPAT).build());
    open.add(client);
    client.newSender(Hello.class).send(new Hello("compat frame"));
    assertEquals(CloseCodes.PROTOCOL_ERROR, closedWith(client).closeCode());
    assertEquals(CloseCodes.PROTOCOL_ERROR, closedWith(server.get(10, TimeUnit.SECONDS)).closeCode());
  }

  @Test
  void closingTheListenerEndsItsSessionsWithGoingAway() throws Exception {
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.defaults(), server);
    Session client = ChanSockets.dial(l.address());
    open.add(client);
    server.get(10, TimeUnit.SECONDS);
    CompletableFuture<Receiver<Object>> pending = client.acceptAsync(Object.class);
    l.close();
    client.closeFuture().get(20, TimeUnit.SECONDS); // 1001 is orderly
    ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS));
    assertEquals(CloseCodes.GOING_AWAY, assertInstanceOf(SessionClosedException.class, e.getCause()).closeCode());
  }

  @Test
  void everyThreadEndsOnceSessionsAndListenerAreClosed() throws Exception {
    Set<Thread> before = socketThreads();
    ChanListener l = ChanSockets.listen(LOOPBACK, session -> {
      for (Hello h : session.accept(Hello.class)) session.newSender(Hello.class).send(h);
    });
    List<Session> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Session c = ChanSockets.dial(l.address());
      clients.add(c);
      c.newSender(Hello.class).send(new Hello("n" + i));
      assertEquals(new Hello("n" + i), c.accept(Hello.class).receive());
    }
    Set<Thread> during = socketThreads();
    during.removeAll(before);
    // acceptor + 3 x (reader, writer, handler) on the server, 3 x (reader, writer) on the clients; on Java 21+ the
    // handlers are virtual threads, which the JDK's thread list leaves out (the platform ones are what this counts)
    int handlers = org.libchan4j.internal.Threads.virtual() ? 0 : 3;
    assertEquals(1 + 3 * 2 + handlers + 3 * 2, during.size(), names(during));
    clients.forEach(Session::close);
    l.close();
    for (Thread t : during) t.join(20_000);
    Set<Thread> after = socketThreads();
    after.removeAll(before);
    assertTrue(after.isEmpty(), "threads still alive: " + names(after));
  }

  @Test
  void tlsDialRefusesAServerItDoesNotTrust() throws Exception {
    TestCerts certs = TestCerts.shared();
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.builder().tls(certs.keystore, TestCerts.PASSWORD).build(), server);
    SocketOptions jdkTrust = SocketOptions.builder().sslContext(SSLContext.getDefault()).build();
    assertThrows(SSLException.class, () -> ChanSockets.dial(l.address(), jdkTrust), "self-signed: not trusted");
    Session trusted = ChanSockets.dial(l.address(),
        SocketOptions.builder().trustStore(certs.truststore, TestCerts.PASSWORD).build());
    open.add(trusted);
    assertTrue(server.get(10, TimeUnit.SECONDS).isOpen(), "the listener goes on after a failed handshake");
  }

  @Test
  void tlsDialChecksTheHostName() throws Exception {
    TestCerts certs = TestCerts.shared();
    CompletableFuture<Session> server = new CompletableFuture<>();
    ChanListener l = listen(SocketOptions.builder().tls(certs.keystore, TestCerts.PASSWORD).build(), server);
    int port = ((InetSocketAddress) l.address()).getPort();
    SocketOptions trust = SocketOptions.builder().trustStore(certs.truststore, TestCerts.PASSWORD).build();
    Session ok = ChanSockets.dial(new InetSocketAddress("127.0.0.1", port), trust);
    open.add(ok);
    assertTrue(ok.isOpen());
    // The certificate names 127.0.0.1 and localhost only: another name for the same address is refused.
    InetSocketAddress otherName = new InetSocketAddress(
        java.net.InetAddress.getByAddress("libchan4j.invalid", new byte[] {127, 0, 0, 1}), port);
    assertThrows(SSLException.class, () -> ChanSockets.dial(otherName, trust));
  }

  @Test
  void unixListenerDeletesItsSocketFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("chan.sock");
    ChanListener l = ChanSockets.listen(UnixDomainSocketAddress.of(file), session -> { });
    assertTrue(Files.exists(file));
    assertEquals(UnixDomainSocketAddress.of(file), l.address());
    l.close();
    assertFalse(Files.exists(file));
  }

  @Test
  void dialingAClosedPortFails() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertThrows(ConnectException.class, () -> ChanSockets.dial(new InetSocketAddress("127.0.0.1", port)));
  }

  private static Set<Thread> socketThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("libchan4j-socket") && t.isAlive())
        .collect(Collectors.toSet());
  }

  private static String names(Set<Thread> threads) {
    return threads.stream().map(Thread::getName).sorted().collect(Collectors.joining(", "));
  }

}
