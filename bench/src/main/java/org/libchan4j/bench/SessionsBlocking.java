package org.libchan4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.bench.Jdks.Jdk;
import org.libchan4j.bench.Proc.BenchException;
import org.libchan4j.bench.Systems.Launch;

/**
 * The sessions-blocking scenario: {@code sessions} concurrent sessions against one {@code BlockingServer} process
 * (the README's blocking handler, the endpoint's default executor), opened by as many {@code BlockingClient}
 * processes as needed for at most {@code perClient} sessions each; once on a JDK before 21 ({@code java17}) and
 * once on 21 or later ({@code java21plus}). Per run each client first opens and closes {@value #WARM_UP} sessions
 * (classes loaded, code compiled, Grizzly's workers started: costs paid once per process stay out of the
 * per-session figures); once their handlers have ended the harness reads the server's stats, tells the clients to
 * go, reads the stats again once every client holds its sessions, and records, as system {@value #SYSTEM}:
 *
 * <ul>
 *   <li>{@code sessions-blocking-<jvm>}: sessions held (handlers running at the second reading)
 *   <li>{@code -threads}, {@code -peak-threads}: live platform threads then, and the peak in between
 *   <li>{@code -heap}, {@code -rss}: (after - before) / sessions held, heap after full GCs and VmRSS
 *   <li>{@code -open}: seconds from the first client's first connect to the last client's last answered request
 * </ul>
 */
final class SessionsBlocking {
  static final String SYSTEM = "libchan4j-extended";
  static final String JAVA17 = "java17";
  static final String JAVA21 = "java21plus";
  static final String[] SUFFIXES = {"", "-threads", "-peak-threads", "-heap", "-rss", "-open"};
  static final String[] UNITS = {"sessions", "threads", "threads", "B/session", "B/session", "s"};
  static final int WARM_UP = 20;

  private final Launch launch;
  private final Path logDir;
  private final int sessions;
  private final int perClient;
  /** What each run's server reported, for the results file: JVM, sessions requested and held. */
  final Map<String, Object> details = new LinkedHashMap<>();

  SessionsBlocking(Launch launch, Path logDir, int sessions, int perClient) {
    this.launch = launch;
    this.logDir = logDir;
    this.sessions = sessions;
    this.perClient = perClient;
  }

  static String id(String jvm, int metric) {
    return Scenario.SESSIONS_BLOCKING.id() + "-" + jvm + SUFFIXES[metric];
  }

  /** Both runs; a run that cannot start (no JDK) or fails adds to {@code failures}, the other still runs. */
  List<Record> run(String jdk17, String jdk21, List<String> failures) throws InterruptedException {
    List<Record> out = new ArrayList<>();
    for (String jvm : List.of(JAVA17, JAVA21)) {
      String scenario = Scenario.SESSIONS_BLOCKING.id() + "-" + jvm;
      Jdk jdk;
      try {
        jdk = jvm.equals(JAVA17) ? Jdks.before21(jdk17) : Jdks.from21(jdk21);
      } catch (IllegalStateException e) {
        failures.add(scenario + ": " + e.getMessage());
        continue;
      }
      System.err.println("== " + scenario + ": " + sessions + " sessions, server on " + jdk.home());
      long t0 = System.nanoTime();
      try {
        List<Record> got = once(jvm, jdk);
        for (Record r : got) System.err.printf("   %-34s %14s %s%n", r.scenario(), Report.format(r.value()), r.unit());
        out.addAll(got);
      } catch (BenchException | IOException e) {
        failures.add(scenario + ": " + e.getMessage());
      }
      System.err.printf("   (%.0f s)%n", (System.nanoTime() - t0) / 1e9);
    }
    return out;
  }

  private List<Record> once(String jvm, Jdk jdk) throws IOException, BenchException, InterruptedException {
    String name = Scenario.SESSIONS_BLOCKING.id() + "-" + jvm;
    try (Proc server = Proc.start(name + "-server",
        launch.java(jdk.home(), "org.libchan4j.bench.blocking.BlockingServer"), logDir)) {
      Map<String, Object> listening = server.await("listening", Duration.ofSeconds(60));
      String url = (String) listening.get("url");
      int clients = Math.max(1, (sessions + perClient - 1) / perClient);
      List<Proc> procs = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          int n = sessions / clients + (i < sessions % clients ? 1 : 0);
          procs.add(Proc.start(name + "-client-" + i, launch.java("org.libchan4j.bench.blocking.BlockingClient",
              "url=" + url, "sessions=" + n, "warm=" + WARM_UP), logDir));
        }
        for (Proc p : procs) {
          Map<String, Object> warmed = p.await("warmed", Duration.ofSeconds(120));
          if (num(warmed, "failed").intValue() > 0) throw p.failure("warm-up sessions failed: " + warmed);
        }
        awaitNoHandlers(server);
        Map<String, Object> before = stats(server);
        for (Proc p : procs) p.send("go");
        Duration budget = Duration.ofSeconds(Math.max(120, sessions / 40));
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int clientHeld = 0;
        int clientFailed = 0;
        List<Map<String, Object>> clientReports = new ArrayList<>();
        for (Proc p : procs) {
          Map<String, Object> ready = p.await("ready", budget);
          clientReports.add(Map.of("sessions", ready.get("sessions"), "heapBytes", ready.get("heapBytes"),
              "rssBytes", ready.get("rssBytes"), "cpuNanos", ready.get("cpuNanos")));
          clientHeld += num(ready, "sessions").intValue();
          clientFailed += num(ready, "failed").intValue();
          start = Math.min(start, num(ready, "startNanos").longValue());
          end = Math.max(end, num(ready, "endNanos").longValue());
        }
        server.send("count");
        Map<String, Object> count = server.await("count", Duration.ofSeconds(30));
        Map<String, Object> after = stats(server);
        int held = num(count, "live").intValue();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("java", listening.get("java"));
        d.put("javaHome", jdk.home().toString());
        d.put("requested", sessions);
        d.put("clientProcesses", clients);
        d.put("heldByClients", clientHeld);
        d.put("failedAtClients", clientFailed);
        d.put("handlersRunning", held);
        d.put("answered", num(count, "answered").intValue());
        d.put("clients", clientReports);
        d.put("serverCpuMillisPerSessionOpened", (num(after, "cpuNanos").doubleValue()
            - num(before, "cpuNanos").doubleValue()) / 1e6 / held);
        d.put("before", before);
        d.put("after", after);
        details.put(jvm, d);
        if (held <= 0) throw server.failure("no session held (clients held " + clientHeld + ")");
        if (held < sessions) {
          System.err.println("   held " + held + " of " + sessions + " sessions (" + clientFailed
              + " failed at the clients): the machine's limit, see the logs");
        }
        double[] v = {
          held,
          num(after, "threads").doubleValue(),
          num(after, "peakThreads").doubleValue(),
          (num(after, "heapBytes").doubleValue() - num(before, "heapBytes").doubleValue()) / held,
          (num(after, "rssBytes").doubleValue() - num(before, "rssBytes").doubleValue()) / held,
          (end - start) / 1e9
        };
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < v.length; i++) out.add(new Record(id(jvm, i), SYSTEM, v[i], UNITS[i]));
        for (Proc p : procs) p.send("quit");
        for (Proc p : procs) {
          if (!p.awaitExit(Duration.ofSeconds(Math.max(30, sessions / 500)))) throw p.failure("did not exit cleanly");
        }
        return out;
      } finally {
        for (Proc p : procs) p.close();
      }
    }
  }

  /** Returns once the server's handlers have all ended (the warm-up sessions are closed). */
  private static void awaitNoHandlers(Proc server) throws IOException, BenchException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      server.send("count");
      if (num(server.await("count", Duration.ofSeconds(30)), "live").intValue() == 0) return;
      if (System.nanoTime() > deadline) throw server.failure("the warm-up's handlers did not end");
      Thread.sleep(50);
    }
  }

  private static Map<String, Object> stats(Proc server) throws IOException, BenchException, InterruptedException {
    server.send("stats");
    Map<String, Object> s = new LinkedHashMap<>(server.await("stats", Duration.ofSeconds(120)));
    s.remove("event");
    return s;
  }

  static Number num(Map<String, Object> event, String key) {
    Object v = event.get(key);
    if (!(v instanceof Number n)) throw new IllegalStateException("no number " + key + " in " + event);
    return n;
  }
}
