package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.OriginPolicy;
import org.libchan4j.testing.FaultProxy;

/**
 * Resumption (PROTOCOL.md section 14.6) between headless Chromium and a real server through a loopback
 * {@link FaultProxy} that resets connections at points the server side chooses. The page is served by
 * {@link BrowserHarness}'s server; it connects across origins, through the proxy, to a second {@link ChanServer}
 * whose handler drives the exchange and the cuts. Synchronised on the proxy's accepted connections, futures and the
 * page's result, never on sleeps.
 */
class ResumptionBrowserTest extends BrowserHarness {
  record Msg(int n, String text) {}

  record Setup(Receiver<Msg> up, Sender<Msg> down, ByteStream stream, Sender<String> report, int count) {}

  record Note(String text) {}

  record Hello(Sender<Note> replies, Receiver<Note> acks) {}

  /** A server session handler body. */
  interface Side {
    Object run(Session session) throws Exception;
  }

  private ChanServer backend;
  private FaultProxy proxy;
  private final AtomicInteger handlerRuns = new AtomicInteger();
  private final AtomicBoolean refuse = new AtomicBoolean();
  private final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

  /** Starts the backend (resume window {@code resumeWindow}) and the proxy in front of it. */
  private String start(Duration resumeWindow, Side side) throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> {
      handlerRuns.incrementAndGet();
      try {
        outcomes.add(side.run(session));
      } catch (Throwable e) {
        outcomes.add(e);
      }
    })
        .path("/chan")
        .originPolicy(OriginPolicy.sameOriginAnd(base)) // the page comes from the harness's server
        .authenticator(h -> refuse.get() ? AuthResult.unauthorized("not now") : AuthResult.allow("page"))
        .resumeWindow(resumeWindow)
        // Capacity 64 (not the default 1,024), as on the page: a cut point then needs messages that crossed the
        // new connection, so each cut meets a resumed session rather than one still resuming.
        .channelCapacity(64)
        .build();
    backend = ChanServer.builder(endpoint).build().start();
    proxy = new FaultProxy(backend.port());
    return "url=ws://127.0.0.1:" + proxy.port() + "/chan";
  }

  @AfterEach
  void stopBackend() throws Exception {
    if (proxy != null) proxy.close();
    if (backend != null) backend.close();
  }

  private Object outcome() throws InterruptedException {
    Object outcome = outcomes.poll(60, TimeUnit.SECONDS);
    if (outcome == null) fail("the server side did not finish");
    if (outcome instanceof Throwable t) throw new AssertionError("the server side failed: " + t, t);
    return outcome;
  }

  /** Cuts the live connection, after waiting until the page has one (the previous cut's reconnect arrived). */
  private void cut() throws InterruptedException {
    assertTrue(proxy.awaitConnections(1, 30, TimeUnit.SECONDS), "the page did not reconnect");
    assertEquals(1, proxy.cut(), "one live connection cut");
  }

  @Test
  void tenCutsWhileMessagesFlowBothWaysAndBytesAreEchoedLoseNothing() throws Exception {
    int count = 3000;
    int size = 4 * 1024 * 1024;
    Set<Integer> upCuts = Set.of(500, 1300, 2100); // after receiving that many of the page's messages
    Set<Integer> downCuts = Set.of(400, 1200, 2000); // after sending that many
    int streamCuts = 4; // evenly inside the echoed bytes
    AtomicInteger cuts = new AtomicInteger();
    String url = start(Duration.ofSeconds(30), session -> {
      Setup s = session.accept(Setup.class).receive();
      int up = 0;
      for (Msg m : s.up()) {
        assertEquals(new Msg(up, "up " + up), m, "page -> server: in order, exactly once");
        up++;
        if (upCuts.contains(up)) {
          cut();
          cuts.incrementAndGet();
        }
      }
      for (int i = 0; i < s.count(); i++) {
        s.down().send(new Msg(i, "down " + i));
        if (downCuts.contains(i + 1)) {
          cut();
          cuts.incrementAndGet();
        }
      }
      s.down().close();
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long total = 0;
      long every = size / (streamCuts + 1);
      byte[] buf = new byte[32 * 1024];
      try (InputStream in = s.stream().input(); OutputStream out = s.stream().output()) {
        for (int r; (r = in.read(buf)) >= 0; ) {
          digest.update(buf, 0, r);
          out.write(buf, 0, r);
          long before = total;
          total += r;
          if (total / every > before / every && total < size) {
            cut();
            cuts.incrementAndGet();
          }
        }
      }
      s.report().send(HexFormat.of().formatHex(digest.digest()) + " " + total + " " + up);
      s.report().close();
      return "done";
    });
    open("resume-faults", url, "count=" + count, "size=" + size);
    Map<?, ?> page = (Map<?, ?>) result(Duration.ofSeconds(120));
    assertEquals("done", outcome());

    assertEquals(10, cuts.get());
    assertEquals((long) count, page.get("received"), "server -> page: every message, in order (checked by the page)");
    assertEquals(page.get("sentSha"), page.get("echoedSha"), "the echoed bytes came back intact");
    assertEquals((long) size, page.get("echoedLength"));
    assertEquals(page.get("sentSha") + " " + size + " " + count, page.get("jvm"),
        "the server got every byte and message of the page, intact and once");
    List<String> resumed = new ArrayList<>();
    for (int i = 0; i < 10; i++) resumed.addAll(List.of("suspended", "connected"));
    assertEquals(resumed, page.get("states"), "each cut suspended the page's session and it resumed");
    assertEquals("connected", page.get("state"));
    assertEquals(11, proxy.accepted(), "one connection, then one per cut: every first reconnect attempt resumed");
    assertEquals(1, handlerRuns.get(), "the handler ran once: a resume opens no new session");
  }

  @Test
  void aResumeTheServerRefusesEndsThePageSessionWith4100AndItsReason() throws Exception {
    String url = start(Duration.ofMillis(300), session -> {
      Hello hello = session.accept(Hello.class).receive();
      hello.replies().send(new Note("hello"));
      assertEquals(new Note("got it"), hello.acks().receive());
      refuse.set(true); // reconnects fail at the handshake (401) until the session has expired
      cut();
      ExecutionException expired = assertThrows(ExecutionException.class,
          () -> session.closeFuture().get(30, TimeUnit.SECONDS));
      refuse.set(false); // the next attempt opens and asks to resume a session that is gone
      return expired.getCause().getMessage();
    });
    open("resume-refused", url);
    Map<?, ?> page = (Map<?, ?>) result(Duration.ofSeconds(60));
    String serverSide = (String) outcome();
    assertTrue(serverSide.contains("not resumed within 300 ms"), serverSide);

    assertEquals(Map.of("text", "hello"), page.get("hello"));
    for (String what : List.of("pending", "closed")) {
      Map<?, ?> error = (Map<?, ?>) page.get(what);
      assertNotNull(error, what);
      assertEquals(true, error.get("isChanError"), what + ": " + error);
      assertEquals("SESSION_CLOSED", error.get("code"), what + ": " + error);
      assertEquals(4100L, error.get("closeCode"), what + ": " + error);
      assertTrue(((String) error.get("message")).contains("resume refused: unknown or expired session"),
          what + ": " + error);
    }
    assertEquals(List.of("suspended", "closed"), page.get("states"));
    assertEquals("closed", page.get("state"));
    assertEquals(false, page.get("open"));
    assertTrue(proxy.accepted() >= 3, "the first connection, refused attempts, the refused resume: "
        + proxy.accepted());
  }
}
