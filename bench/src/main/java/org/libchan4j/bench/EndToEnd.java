package org.libchan4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libchan4j.bench.Proc.BenchException;
import org.libchan4j.bench.Systems.Launch;
import org.libchan4j.bench.Systems.SystemSpec;

/**
 * Runs scenarios against one system: its server process, then client processes on 127.0.0.1. Idle-heap goes first,
 * on the fresh server. Each scenario gets its own client process, or (smoke runs) one client runs them all.
 */
final class EndToEnd {
  private final Launch launch;
  private final Path logDir;
  private final long warmMillis;
  private final long measureMillis;
  private final int idle;
  private final boolean oneClient;

  EndToEnd(Launch launch, Path logDir, long warmMillis, long measureMillis, int idle, boolean oneClient) {
    this.launch = launch;
    this.logDir = logDir;
    this.warmMillis = warmMillis;
    this.measureMillis = measureMillis;
    this.idle = idle;
    this.oneClient = oneClient;
  }

  /** Measured records; failures are added to {@code failures} and the run goes on. */
  List<Record> run(SystemSpec system, List<Scenario> wanted, List<String> failures) throws InterruptedException {
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario s : Scenario.values()) if (wanted.contains(s) && system.scenarios().contains(s)) scenarios.add(s);
    List<Record> out = new ArrayList<>();
    if (scenarios.isEmpty()) return out;
    try (Proc server = Proc.start(system.id() + "-server", system.server().of(launch, new String[0]), logDir)) {
      String url = (String) server.await("listening", Duration.ofSeconds(60)).get("url");
      List<List<Scenario>> batches = new ArrayList<>();
      if (oneClient) batches.add(scenarios);
      else for (Scenario s : scenarios) batches.add(List.of(s));
      for (List<Scenario> batch : batches) {
        try {
          out.addAll(client(system, server, url, batch));
        } catch (BenchException | IOException e) {
          failures.add(system.id() + " " + Scenario.ids(batch) + ": " + e.getMessage());
        }
      }
    } catch (BenchException | IOException e) {
      failures.add(system.id() + " server: " + e.getMessage());
    }
    return out;
  }

  private String[] args(String url, List<Scenario> scenarios) {
    return new ClientArgs(url, scenarios, warmMillis, measureMillis, idle).toArgs();
  }

  /** One client process for {@code batch}; idle-heap, if there, comes first (the server is still fresh). */
  private List<Record> client(SystemSpec system, Proc server, String url, List<Scenario> batch)
      throws IOException, BenchException, InterruptedException {
    String name = system.id() + "-client-" + (batch.size() == 1 ? batch.get(0).id() : "all");
    List<Record> out = new ArrayList<>();
    boolean idleFirst = batch.get(0) == Scenario.IDLE_HEAP;
    long heapBefore = idleFirst ? heap(server) : 0;
    try (Proc client = Proc.start(name, system.client().of(launch, args(url, batch)), logDir)) {
      if (idleFirst) out.add(idleHeap(system, server, client, heapBefore));
      Duration budget = Duration.ofMillis(batch.size() * (warmMillis + measureMillis) * 2 + 60_000);
      long deadline = System.nanoTime() + budget.toNanos();
      while (true) {
        Map<String, Object> e = client.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if ("exit".equals(e.get("event"))) break;
        if (!"result".equals(e.get("event"))) throw client.failure("unexpected " + e);
        out.add(new Record((String) e.get("scenario"), system.id(), ((Number) e.get("value")).doubleValue(),
            (String) e.get("unit")));
      }
      if (!client.awaitExit(Duration.ofSeconds(10))) throw client.failure("did not exit cleanly");
      int expected = 0;
      // reqrep: rate, p50, p99; libchan4j's clients add the blocking handler's rate and p50 (Scenario.REQREP_BLOCKING).
      int reqrep = system.id().startsWith("libchan4j-") ? 5 : 3;
      for (Scenario s : batch) expected += s == Scenario.REQREP ? reqrep : 1;
      if (out.size() != expected) throw client.failure(out.size() + " results, expected " + expected);
    }
    return out;
  }

  /**
   * (heap after GC with N idle sessions - heap before) / N, on the server. The client reports "ready" once its
   * sessions are open, and closes them when told "quit".
   */
  private Record idleHeap(SystemSpec system, Proc server, Proc client, long before)
      throws IOException, BenchException, InterruptedException {
    client.await("ready", Duration.ofSeconds(Math.max(60, idle / 50)));
    long after = heap(server);
    client.send("quit");
    return new Record(Scenario.IDLE_HEAP.id(), system.id(), (after - before) / (double) idle,
        Scenario.IDLE_HEAP.unit());
  }

  private static long heap(Proc server) throws IOException, BenchException, InterruptedException {
    server.send("heap");
    return ((Number) server.await("heap", Duration.ofSeconds(60)).get("bytes")).longValue();
  }
}
