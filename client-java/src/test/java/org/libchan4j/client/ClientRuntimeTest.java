package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionOptions;
import org.libchan4j.SessionClosedException;
import org.libchan4j.client.internal.ClientRuntime;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * Client connections share one runtime that stops when idle. The surefire configuration sets the idle timeout
 * ({@code libchan4j.client.idleTimeoutMillis}) to 200 ms.
 */
class ClientRuntimeTest {
  /** The shared runtime runs one selector per core (see ClientRuntime). */
  private static final long SELECTORS = Runtime.getRuntime().availableProcessors();

  private ChanServer server;

  @BeforeEach
  void start() {
    // Handlers return at once, run inline: the server adds no thread per session, so counts show the client's.
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {}).executor(Runnable::run).build())
        .build().start();
  }

  @AfterEach
  void stop() {
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void connectionsShareOneRuntime() throws Exception {
    int before = Thread.activeCount(); // the server's threads are already counted
    int n = 64;
    List<Session> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) sessions.add(ChanClient.connect(server.uri()));
      int added = Thread.activeCount() - before;
      // A runtime per connection (Tyrus's default) costs 5 threads each: 320 here. Shared: the client runtime's
      // selectors (one per core, no workers: reads are handled on them) and timer, plus what the server's side
      // starts (its timer, session event threads).
      assertTrue(added <= 16, "threads added by " + n + " connections: " + added + ": " + runtimeThreads());
      assertEquals(SELECTORS + 1, count(ClientRuntime.THREAD_PREFIX), () -> "" + runtimeThreads());
      assertEquals(SELECTORS, count(ClientRuntime.THREAD_PREFIX + "-selector"), () -> "" + runtimeThreads());
    } finally {
      sessions.forEach(Session::close);
    }
    await(() -> count(ClientRuntime.THREAD_PREFIX) == 0, "the runtime stops once idle");
  }

  @Test
  void aConnectionDuringTheIdleWaitKeepsTheRuntimeAndItStillStopsLater() throws Exception {
    ChanClient.connect(server.uri()).close();
    Session b = ChanClient.connect(server.uri()); // usually while the idle wait of the first runs
    try {
      await(() -> count(ClientRuntime.THREAD_PREFIX + "-idle") == 0, "the idle wait ends when a connection opens");
      assertEquals(SELECTORS, count(ClientRuntime.THREAD_PREFIX + "-selector"), "still running while b is open");
      assertTrue(b.isOpen());
    } finally {
      b.close();
    }
    await(() -> count(ClientRuntime.THREAD_PREFIX) == 0, "the runtime stops after the last connection closes");
    // ...and starts again for the next one.
    try (Session c = ChanClient.connect(server.uri())) {
      assertTrue(c.isOpen());
      assertEquals(SELECTORS, count(ClientRuntime.THREAD_PREFIX + "-selector"));
    }
  }

  public record Item(List<Integer> values) {}

  @Test
  void sessionsClosedByTheServerWhileWritingOneAfterAnother() throws Exception {
    // Each client floods a server session that never reads until the server closes it (maxBufferedBytes), and the
    // next connects at once. This used to stall the shared runtime: a write failing under the session lock met a
    // worker delivering the close, and a session opening as the last one closed got a dying Tyrus executor.
    ChanServer closing = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {})
        .limits(Limits.defaults().withMaxBufferedBytes(2048)).build()).build().start();
    ExecutorService flooding = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < 40; i++) {
        int round = i;
        // Compat mode: without flow control the client outruns the server (the extended mode would hold it back).
        Session c = ChanClient.connect(closing.uri(), ClientOptions.builder().connectTimeout(Duration.ofSeconds(10))
            .mode(SessionOptions.Mode.COMPAT).build());
        Future<?> flood = flooding.submit(() -> {
          Sender<Item> items = c.newSender(Item.class);
          for (int k = 0; k < 1_000_000; k++) items.send(new Item(List.of(1, 2, 3, 4, 5, 6, 7, k)));
          return null;
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> flood.get(10, TimeUnit.SECONDS));
        int code = assertInstanceOf(SessionClosedException.class, e.getCause(), "round " + i).closeCode();
        // 1008 from the server's close frame, or 1006 when the server's reset overtook it (Tyrus closes the socket
        // right after its close frame, while this client is still writing)
        assertTrue(code == CloseCodes.POLICY_VIOLATION || code == CloseCodes.ABNORMAL,
            () -> "round " + round + ": " + code + " " + stack(e.getCause()));
      }
    } finally {
      flooding.shutdownNow();
      closing.shutdown(Duration.ofSeconds(5));
    }
  }

  static String stack(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  static long count(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
  }

  static List<String> runtimeThreads() {
    List<String> names = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) names.add(t.getName());
    names.sort(null);
    return names;
  }

  /** Polls a condition every 10 ms for at most 20 s. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s: " + what + ": " + runtimeThreads());
      LockSupport.parkNanos(10_000_000L);
    }
  }
}
