package org.libchan4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libchan4j.bench.Proc.BenchException;
import org.libchan4j.bench.Systems.Command;
import org.libchan4j.bench.Systems.Launch;

/**
 * The fan-out scenario: one server per system, {@code subscribers} sessions from {@code clients} client processes
 * (more if {@code perClient} requires), all joined to one room; then {@code warm + rounds} rounds, each one message
 * to every subscriber. Rounds do not overlap: the harness tells the server {@code publish r}, the server stamps the
 * clock just before its publish call, each client process reports when the last of its sessions had round {@code r}
 * and when, and the next round starts {@code interval} ms after the previous publish or once every subscriber had
 * it, whichever is later. All stamps are CLOCK_MONOTONIC (Java's {@code System.nanoTime}, node's
 * {@code process.hrtime}): one clock for every process on the machine, so time until all have it = max over the
 * client processes of their last receive - the server's stamp. Records per system: {@code fanout} (deliveries per
 * second while a round is in flight: subscribers x rounds / the sum of those times), {@code fanout-p50} and
 * {@code fanout-p99} (ms, over the measured rounds) and {@code fanout-publish-p50} (ms the publish call took).
 */
final class Fanout {
  /** One system's fan-out server and client. */
  record FanoutSystem(String id, String description, Command server, Command client) {}

  static final List<FanoutSystem> SYSTEMS = List.of(
      new FanoutSystem("libchan4j-extended",
          "ChanServer with its defaults; each ChanClient session (extended mode) sends a Join carrying its inbox"
              + " (a Pipe.buffered(16)), which the server subscribes to one Topic; Topic.publish per round",
          (l, a) -> l.java("org.libchan4j.bench.fanout.ChanFanoutServer", a),
          (l, a) -> l.java("org.libchan4j.bench.fanout.ChanFanoutClient", a)),
      new FanoutSystem("socket.io",
          "Socket.IO 4.8.4 on node, WebSocket transport only: socket.join(room), io.to(room).emit per round;"
              + " socket.io-client 4.8.4 clients on node (forceNew: one connection each)",
          (l, a) -> l.node("fanout-server.js", a),
          (l, a) -> l.node("fanout-client.js", a)),
      new FanoutSystem("raw-tyrus",
          "the Grizzly/Tyrus stack ChanServer runs; Tyrus's TyrusSession.broadcast of the payload's JSON bytes"
              + " (framed once, written to every session); Tyrus Java clients",
          (l, a) -> l.java("org.libchan4j.bench.fanout.RawFanoutServer", a),
          (l, a) -> l.java("org.libchan4j.bench.fanout.RawFanoutClient", a)));

  static final String[] IDS = {Scenario.FANOUT.id(), Scenario.FANOUT_P50, Scenario.FANOUT_P99,
      Scenario.FANOUT_PUBLISH_P50};

  private final Launch launch;
  private final Path logDir;
  private final int subscribers;
  private final int rounds;
  private final int warm;
  private final long intervalMillis;
  private final int clients;
  private final String rawMode;

  /** @param rawMode how raw Tyrus writes a round: {@code broadcast} (TyrusSession.broadcast) or {@code loop} */
  Fanout(Launch launch, Path logDir, int subscribers, int rounds, int warm, long intervalMillis, int clients,
      int perClient, String rawMode) {
    this.launch = launch;
    this.logDir = logDir;
    this.subscribers = subscribers;
    this.rounds = rounds;
    this.warm = warm;
    this.intervalMillis = intervalMillis;
    this.clients = Math.max(clients, (subscribers + perClient - 1) / perClient);
    this.rawMode = rawMode;
  }

  int clientProcesses() {
    return clients;
  }

  static boolean known(String id) {
    return SYSTEMS.stream().anyMatch(s -> s.id().equals(id));
  }

  /** Every system in {@code only} (all if empty); a failing system adds to {@code failures}, the others still run. */
  List<Record> run(List<String> only, List<String> failures) throws InterruptedException {
    List<Record> out = new ArrayList<>();
    for (FanoutSystem system : SYSTEMS) {
      if (!only.isEmpty() && !only.contains(system.id())) continue;
      System.err.println("== fanout " + system.id() + ": " + subscribers + " subscribers in " + clients
          + " client processes, " + warm + " + " + rounds + " rounds");
      long t0 = System.nanoTime();
      try {
        List<Record> got = once(system);
        for (Record r : got) System.err.printf("   %-20s %14s %s%n", r.scenario(), Report.format(r.value()), r.unit());
        out.addAll(got);
      } catch (BenchException | IOException e) {
        failures.add("fanout " + system.id() + ": " + e.getMessage());
      }
      System.err.printf("   (%.0f s)%n", (System.nanoTime() - t0) / 1e9);
    }
    return out;
  }

  private List<Record> once(FanoutSystem system) throws IOException, BenchException, InterruptedException {
    String name = "fanout-" + system.id();
    int total = warm + rounds;
    String[] serverArgs = {"raw=" + rawMode};   // only raw Tyrus's server reads it
    try (Proc server = Proc.start(name + "-server", system.server().of(launch, serverArgs), logDir)) {
      String url = (String) server.await("listening", Duration.ofSeconds(60)).get("url");
      List<Proc> procs = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          int n = subscribers / clients + (i < subscribers % clients ? 1 : 0);
          procs.add(Proc.start(name + "-client-" + i, system.client().of(launch, new String[] {"url=" + url,
              "sessions=" + n, "rounds=" + total}), logDir));
        }
        Duration opening = Duration.ofSeconds(Math.max(120, subscribers / 40));
        for (Proc p : procs) p.await("ready", opening);
        awaitSubscribers(server);

        Latencies all = new Latencies();
        Latencies publish = new Latencies();
        double sumNanos = 0;
        long previous = System.nanoTime() - intervalMillis * 1_000_000;
        for (int r = 1; r <= total; r++) {
          long wait = previous + intervalMillis * 1_000_000 - System.nanoTime();
          if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          server.send("publish " + r);
          Map<String, Object> published = server.await("published", Duration.ofSeconds(60));
          long stamp = SessionsBlocking.num(published, "nanos").longValue();
          int sentTo = SessionsBlocking.num(published, "n").intValue();
          if (sentTo != subscribers) throw server.failure("round " + r + " went to " + sentTo + " subscribers");
          long last = Long.MIN_VALUE;
          for (Proc p : procs) {
            Map<String, Object> got = p.await("round", Duration.ofSeconds(60));
            int round = SessionsBlocking.num(got, "round").intValue();
            if (round != r) throw p.failure("expected round " + r + ", got " + round);
            last = Math.max(last, SessionsBlocking.num(got, "last").longValue());
          }
          previous = stamp;
          if (r <= warm) continue;
          all.add(last - stamp);
          publish.add(SessionsBlocking.num(published, "publishNanos").longValue());
          sumNanos += last - stamp;
        }
        for (Proc p : procs) p.send("quit");
        for (Proc p : procs) if (!p.awaitExit(Duration.ofSeconds(30))) throw p.failure("did not exit cleanly");
        return List.of(
            new Record(IDS[0], system.id(), (double) subscribers * rounds / (sumNanos / 1e9), Scenario.FANOUT.unit()),
            new Record(IDS[1], system.id(), all.percentileMicros(50) / 1000, Scenario.MILLIS),
            new Record(IDS[2], system.id(), all.percentileMicros(99) / 1000, Scenario.MILLIS),
            new Record(IDS[3], system.id(), publish.percentileMicros(50) / 1000, Scenario.MILLIS));
      } finally {
        for (Proc p : procs) p.close();
      }
    }
  }

  /** Polls the server until every client session has joined the room (a join is a message after the open). */
  private void awaitSubscribers(Proc server) throws IOException, BenchException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      server.send("subscribers");
      int n = SessionsBlocking.num(server.await("subscribers", Duration.ofSeconds(30)), "n").intValue();
      if (n == subscribers) return;
      if (n > subscribers || System.nanoTime() > deadline) {
        throw server.failure(n + " subscribers joined, expected " + subscribers);
      }
      Thread.sleep(100);
    }
  }
}
