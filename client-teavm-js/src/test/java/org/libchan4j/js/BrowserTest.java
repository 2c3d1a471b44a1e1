package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.libchan4j.ByteStream;
import org.libchan4j.Channels;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.client.ChanClient;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.openqa.selenium.WindowType;

/**
 * The browser client in headless Chromium against a real server and Java client ({@link BrowserHarness}): ten
 * scenarios of the jschan model, which run in the extended mode (the server selects {@code libchan4j.v1}).
 */
class BrowserTest extends BrowserHarness {
  private static final int MIB = 1 << 20;

  // ---------------------------------------------------------------- scenarios

  record Reply(String text, int n) {}

  record Request(String cmd, List<String> args, Sender<Reply> replyTo) {}

  /** Answers a Request three times on its return channel, then ends it. */
  private static void serveRequests() {
    serve(session -> {
      Request r = session.accept(Request.class).receive();
      for (int n = 1; n <= 3; n++) r.replyTo().send(new Reply(r.cmd() + " " + String.join(",", r.args()), n));
      r.replyTo().close();
      return r.cmd();
    });
  }

  @Test
  void browserToJvmRequestWithReturnChannel() throws Exception {
    serveRequests();
    Object replies = run("request-reply");
    assertEquals(List.of(reply("hello a,b", 1), reply("hello a,b", 2), reply("hello a,b", 3)), replies);
    assertEquals("hello", serverOutcome());
  }

  @Test
  void classicScriptBuildWorksThroughItsGlobal() throws Exception {
    serveRequests();
    driver.get(base + "/test/classic.html");
    assertEquals(List.of(reply("classic umd", 1), reply("classic umd", 2), reply("classic umd", 3)), result());
    assertEquals("classic", serverOutcome());
  }

  record Item(int i, String text) {}

  record Offer(Sender<Item> sink, int count) {}

  @Test
  void jvmHandsTheBrowserAChannelToWriteInto() throws Exception {
    serve(session -> {
      Pipe<Item> pipe = Pipe.create();
      Sender<Offer> offers = session.newSender(Offer.class);
      offers.send(new Offer(pipe.sender(), 5));
      offers.close();
      List<Item> items = new ArrayList<>();
      for (Item item : pipe.receiver()) items.add(item);
      return items;
    });
    assertEquals(Map.of("wrote", 5L, "sinkIsSender", true), run("write-into"));
    List<Item> expected = new ArrayList<>();
    for (int i = 1; i <= 5; i++) expected.add(new Item(i, "item " + i));
    assertEquals(expected, serverOutcome());
  }

  record Level(int level, Receiver<Level> next, Sender<Level> back, String text) {}

  @Test
  void channelsInsideChannelsFourDeepBothWays() throws Exception {
    serve(session -> {
      Level m = session.accept(Level.class).receive();
      Sender<Level> back = m.back();
      List<Integer> levels = new ArrayList<>(List.of(m.level()));
      while (m.next() != null) {
        m = m.next().receive();
        levels.add(m.level());
      }
      // Toward the page: each level carries a channel the JVM writes the next level into.
      Pipe<Level> p2 = Pipe.buffered(1);
      Pipe<Level> p3 = Pipe.buffered(1);
      Pipe<Level> p4 = Pipe.buffered(1);
      back.send(new Level(1, p2.receiver(), null, null));
      p2.sender().send(new Level(2, p3.receiver(), null, null));
      p3.sender().send(new Level(3, p4.receiver(), null, null));
      p4.sender().send(new Level(4, null, null, "deep from the JVM"));
      for (Pipe<Level> p : List.of(p2, p3, p4)) p.sender().close();
      back.close();
      return levels + " " + m.text();
    });
    assertEquals(Map.of("levels", List.of(1L, 2L, 3L, 4L), "text", "deep from the JVM"), run("nested"));
    assertEquals("[1, 2, 3, 4] deep from the page", serverOutcome());
  }

  record Digest(String sha, long length) {}

  record Upload(int size, ByteStream upload, Sender<Digest> digests) {}

  @Test
  void byteStreamsOneMebibyteEachWayCheckedBySha256() throws Exception {
    serve(session -> {
      Upload u = session.accept(Upload.class).receive();
      byte[] got = u.upload().input().readAllBytes();
      u.digests().send(new Digest(sha256(got), got.length));
      u.digests().close();
      try (OutputStream out = u.upload().output()) {
        out.write(jvmPattern(u.size()));
      }
      return got.length;
    });
    Map<?, ?> page = (Map<?, ?>) run("bytes", "size=" + MIB);
    String pageSha = sha256(pagePattern(MIB));
    assertEquals(pageSha, page.get("sentSha"), "the page's own digest of what it sent");
    assertEquals(Map.of("sha", pageSha, "length", (long) MIB), page.get("jvmReceived"), "what the JVM received");
    assertEquals(sha256(jvmPattern(MIB)), page.get("downloadedSha"), "what the page received");
    assertEquals((long) MIB, page.get("downloadedLength"));
    assertEquals(MIB, serverOutcome());
  }

  record Note(String from, String text) {}

  record Intro(Sender<Note> toA, Receiver<Note> fromA) {}

  record Register(String name, Sender<Note> inbox, Receiver<Note> outbox, Sender<Intro> mailbox) {}

  @Test
  void browserToBrowserThroughTheServer() throws Exception {
    CompletableFuture<Register> pageA = new CompletableFuture<>();
    serve(session -> {
      Register r = session.accept(Register.class).receive();
      if (r.name().equals("A")) {
        pageA.complete(r);
        return "A registered";
      }
      Register a = pageA.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      // A's outbox is copied into a new channel for B; A's inbox Sender is put in B's message as it is, and the
      // session pipes it into a new channel on B's session.
      Pipe<Note> fromA = Pipe.create();
      Channels.copy(a.outbox(), fromA.sender());
      r.mailbox().send(new Intro(a.inbox(), fromA.receiver()));
      r.mailbox().close();
      return "B introduced";
    });
    open("pair-a");
    String tabA = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    open("pair-b");
    assertEquals(Map.of("first", note("A", "hello B"), "second", note("A", "A got: hello A"), "endedByA", true),
        result());
    driver.switchTo().window(tabA);
    assertEquals(Map.of("got", note("B", "hello A"), "endedByB", true), result());
    assertEquals(List.of("A registered", "B introduced"), List.of(serverOutcome(), serverOutcome()));
  }

  record Letter(String text, Sender<Note> reply) {}

  record Handoff(Sender<Letter> toPage) {}

  record Hello(String name, Sender<Letter> inbox, Sender<Handoff> answer) {}

  @Test
  void javaClientToBrowserThroughTheServer() throws Exception {
    CompletableFuture<Sender<Letter>> pageInbox = new CompletableFuture<>();
    serve(session -> {
      Hello hello = session.accept(Hello.class).receive();
      if (hello.inbox() != null) {
        pageInbox.complete(hello.inbox());
        return "page registered";
      }
      hello.answer().send(new Handoff(pageInbox.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)));
      hello.answer().close();
      return "client served";
    });
    open("inbox");
    List<String> acks = new ArrayList<>();
    try (Session client = ChanClient.connect(server.uri())) {
      Pipe<Handoff> answer = Pipe.create();
      Sender<Hello> hello = client.newSender(Hello.class);
      hello.send(new Hello("java", null, answer.sender()));
      Sender<Letter> toPage = answer.receiver().receive().toPage();
      for (String text : List.of("one", "two", "three")) {
        Pipe<Note> reply = Pipe.create();
        toPage.send(new Letter(text, reply.sender()));
        acks.add(reply.receiver().receive().text());
      }
      toPage.close();
      assertEquals(List.of("one", "two", "three"), result());
    }
    assertEquals(List.of("ack one", "ack two", "ack three"), acks);
    assertEquals(List.of("page registered", "client served"), List.of(serverOutcome(), serverOutcome()));
  }

  record Seq(int i) {}

  record Verdict(int count, boolean inOrder) {}

  @Test
  void thousandMessagesArriveInOrderBothWays() throws Exception {
    serve(session -> {
      Sender<Seq> out = session.newSender(Seq.class);
      for (int i = 0; i < 1000; i++) out.send(new Seq(i));
      out.close();
      int count = 0;
      boolean inOrder = true;
      for (Seq s : session.accept(Seq.class)) inOrder &= s.i() == count++;
      Sender<Verdict> verdict = session.newSender(Verdict.class);
      verdict.send(new Verdict(count, inOrder));
      verdict.close();
      return count;
    });
    assertEquals(Map.of("received", 1000L, "outOfOrder", 0L, "jvm", Map.of("count", 1000L, "inOrder", true)),
        run("thousand"));
    assertEquals(1000, serverOutcome());
  }

  record Please(String please, Sender<Note> replies) {}

  @Test
  void serverClosingTheSessionSurfacesInThePage() throws Exception {
    serve(session -> {
      session.accept(Please.class).receive();
      session.close(CloseCodes.NORMAL, "server says bye");
      return "closed";
    });
    Map<?, ?> page = (Map<?, ?>) run("server-close");
    Map<?, ?> pending = (Map<?, ?>) page.get("pending");
    assertEquals(true, pending.get("isChanError"), "a pending receive rejects: " + pending);
    assertEquals(true, pending.get("isError"));
    assertEquals("SESSION_CLOSED", pending.get("code"));
    assertEquals(1000L, pending.get("closeCode"));
    assertTrue(((String) pending.get("message")).contains("server says bye"), pending.toString());
    assertEquals(Map.of("resolved", Map.of("code", 1000L, "reason", "server says bye")), page.get("closed"));
    assertEquals(false, page.get("open"));
    assertEquals("closed", serverOutcome());
  }

  @Test
  void badUrlOrRefusedConnectionRejectsConnect() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    // Another port is another origin: its default OriginPolicy (same origin) refuses the page with 403.
    Map<?, ?> page;
    try (ChanServer foreign = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> session.close())
        .build()).build().start()) {
      page = (Map<?, ?>) run("connect-failures", "closedPort=" + closedPort, "foreignPort=" + foreign.port());
    }
    // The page cannot see the 403, so the message names the likely causes, the OriginPolicy first.
    String origin = message(page, "originRefused");
    assertTrue(origin.startsWith("could not connect to ws://127.0.0.1:"), origin);
    int policy = origin.indexOf("the server's OriginPolicy refused this page's origin");
    assertTrue(policy > 0 && policy < origin.indexOf("Authenticator") && origin.indexOf("Authenticator")
        < origin.indexOf("unreachable"), origin);
    for (String name : List.of("malformed", "refused", "notFound", "originRefused")) {
      Map<?, ?> failure = (Map<?, ?>) page.get(name);
      assertNotNull(failure, name);
      assertEquals(true, failure.get("isChanError"), name + ": " + failure);
      assertEquals("ChanError", failure.get("name"), name);
      assertEquals("CONNECT_FAILED", failure.get("code"), name);
    }
    assertTrue(message(page, "malformed").startsWith("invalid WebSocket URL 'ws://[not a host'"),
        message(page, "malformed"));
    assertTrue(message(page, "refused").startsWith("could not connect to ws://127.0.0.1:" + closedPort + "/chan"),
        message(page, "refused"));
    assertTrue(message(page, "notFound").contains("/no-such-endpoint"), message(page, "notFound"));
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, Object> reply(String text, long n) {
    return Map.of("text", text, "n", n);
  }

  private static Map<String, Object> note(String from, String text) {
    return Map.of("from", from, "text", text);
  }

  private static String message(Map<?, ?> page, String name) {
    return (String) ((Map<?, ?>) page.get(name)).get("message");
  }

  /** The page's bytes: the same formula as scenarios/bytes.js. */
  private static byte[] pagePattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) b[i] = (byte) (i * 7 + (i >>> 10));
    return b;
  }

  private static byte[] jvmPattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) b[i] = (byte) (i * 13 + 5 ^ i >>> 12);
    return b;
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
