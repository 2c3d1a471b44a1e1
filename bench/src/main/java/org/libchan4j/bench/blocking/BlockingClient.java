package org.libchan4j.bench.blocking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ClientMain;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.ServerMain;
import org.libchan4j.bench.blocking.BlockingServer.Request;
import org.libchan4j.bench.blocking.BlockingServer.Status;
import org.libchan4j.client.ChanClient;

/**
 * A sessions-blocking client process: {@code url=ws://... sessions=n [warm=w] [threads=8]}. With {@code warm}, it
 * first opens and closes {@code w} sessions the same way (the server's and its own first-time costs), reports
 * {@code warmed} and waits for the stdin line "go". Then it opens {@code n} sessions with
 * {@link ChanClient}'s defaults (extended mode), {@code threads} at a time; on each it opens the request channel the
 * server's handler accepts, makes one request with a return channel and waits for the status (so every handler ran
 * once and waits in {@code receive} again), then keeps the session and the request channel open. Reports
 * {@code ready} (sessions that got their status, failures, and the monotonic clock at the first connect and the
 * last status: {@link System#nanoTime} is Linux's CLOCK_MONOTONIC, one clock for every process), its own heap
 * after GC, RSS and the CPU time opening them took (what a client session costs: see BENCHMARKS.md), then waits for
 * "quit" or the end of stdin and closes them.
 */
public final class BlockingClient {
  private BlockingClient() {}

  /** A held session and its request channel (kept open: closing it would end the server's handler). */
  private record Held(Session session, Sender<Request> requests) {}

  public static void main(String[] argv) {
    Map<String, String> a = ClientArgs.keyValues(argv);
    URI url = URI.create(ClientArgs.require(a, "url"));
    int n = Integer.parseInt(ClientArgs.require(a, "sessions"));
    int warm = Integer.parseInt(a.getOrDefault("warm", "0"));
    int threads = Integer.parseInt(a.getOrDefault("threads", "8"));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    AtomicInteger failed = new AtomicInteger();
    ClientMain.runWithPool(threads, pool -> {
      if (warm > 0) {
        List<Held> warmUp = openAll(pool, url, warm, failed);
        closeAll(pool, warmUp);
        Emit.event("warmed", "sessions", warmUp.size(), "failed", failed.getAndSet(0));
        if (!awaitLine(in, "go")) ClientMain.exit(0);
      }
      long cpu = ServerMain.cpuNanos();
      long start = System.nanoTime();
      List<Held> held = openAll(pool, url, n, failed);
      long end = System.nanoTime();
      cpu = ServerMain.cpuNanos() - cpu;
      System.err.printf("%d sessions held, %d failed, in %.1f s%n", held.size(), failed.get(), (end - start) / 1e9);
      Emit.event("ready", "sessions", held.size(), "failed", failed.get(), "startNanos", start, "endNanos", end,
          "heapBytes", ServerMain.usedHeapAfterGc(), "rssBytes", ServerMain.rssBytes(), "cpuNanos", cpu);
      awaitLine(in, "quit");
      closeAll(pool, held);
    });
  }

  private static List<Held> openAll(ExecutorService pool, URI url, int n, AtomicInteger failed) throws Exception {
    List<Future<Held>> opening = new ArrayList<>();
    for (int i = 0; i < n; i++) opening.add(pool.submit(() -> open(url, failed)));
    List<Held> held = new ArrayList<>();
    for (Future<Held> f : opening) {
      Held h = f.get();
      if (h != null) held.add(h);
    }
    return held;
  }

  private static void closeAll(ExecutorService pool, List<Held> held) throws Exception {
    List<Future<?>> closing = new ArrayList<>();
    for (Held h : held) closing.add(pool.submit(() -> h.session().close()));
    for (Future<?> f : closing) f.get();
  }

  /** Reads stdin up to the line {@code word} (true) or its end (false). */
  private static boolean awaitLine(BufferedReader in, String word) throws IOException {
    for (String line; (line = in.readLine()) != null; ) if (line.trim().equals(word)) return true;
    return false;
  }

  /** One session with one answered request, or null (counted in {@code failed}, the first few logged). */
  private static Held open(URI url, AtomicInteger failed) {
    Session s = null;
    try {
      s = ChanClient.connect(url);
      Sender<Request> requests = s.newSender(Request.class);
      Pipe<Status> status = Pipe.buffered(1);
      requests.send(new Request("ls", List.of("-l"), status.sender()));
      Status got = status.receiver().receive();
      if (got == null || got.code() != 0) throw new IllegalStateException("bad status " + got);
      return new Held(s, requests);
    } catch (Exception e) {
      if (failed.incrementAndGet() <= 5) System.err.println("session failed: " + e);
      if (s != null) s.close();
      return null;
    }
  }
}
