package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libchan4j.Session;
import org.libchan4j.client.internal.ClientRuntime;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * Client connections share one runtime that stops when idle. The surefire configuration sets the idle timeout
 * ({@code libchan4j.client.idleTimeoutMillis}) to 200 ms.
 */
class ClientRuntimeTest {
  private ChanServer server;

  @BeforeEach
  void start() {
    // Handlers return at once: the server keeps no thread per session, so thread counts show the client's.
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> {}).build()).build().start();
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
      // A runtime per connection (Tyrus's default) costs 5 threads each: 320 here. Shared: the runtime's 3, up to
      // 10 Tyrus timer threads on each side, and a few of the server's session executor (26 measured).
      assertTrue(added < n / 2, "threads added by " + n + " connections: " + added + ": " + runtimeThreads());
      assertEquals(1L, count(ClientRuntime.THREAD_PREFIX + "-selector"), () -> "" + runtimeThreads());
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
      assertEquals(1L, count(ClientRuntime.THREAD_PREFIX + "-selector"), "still running while b is open");
      assertTrue(b.isOpen());
    } finally {
      b.close();
    }
    await(() -> count(ClientRuntime.THREAD_PREFIX) == 0, "the runtime stops after the last connection closes");
    // ...and starts again for the next one.
    try (Session c = ChanClient.connect(server.uri())) {
      assertTrue(c.isOpen());
      assertEquals(1L, count(ClientRuntime.THREAD_PREFIX + "-selector"));
    }
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
