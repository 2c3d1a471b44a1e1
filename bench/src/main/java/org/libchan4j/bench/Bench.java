package org.libchan4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.bench.Systems.Launch;
import org.libchan4j.bench.Systems.SystemSpec;

/**
 * The comparison: JMH microbenchmarks, then every system through every scenario it has, then the results file and
 * the markdown tables on stdout. {@code bench/run} builds and calls this; options:
 *
 * <pre>
 *   --smoke                 tiny counts, JMH in-process for one short iteration: checks the harness, measures nothing
 *   --systems=a,b           default all: raw-tyrus, libchan4j-compat, libchan4j-extended, jschan,
 *                           jschan-to-libchan4j, rsocket; fanout has libchan4j-extended, socket.io, raw-tyrus;
 *                           sessions-blocking runs if libchan4j-extended is among them
 *   --scenarios=x,y         default all: idle-heap, oneway-32B, oneway-1KiB, reqrep, nested-setup, bytestream,
 *                           sessions-blocking, fanout
 *   --warm=ms --measure=ms  per round (default 5000 and 4000: C2 compiles for about 5 s, see BENCHMARKS.md)
 *   --idle=n                idle sessions (default 10000)
 *   --sessions=n            sessions-blocking: concurrent sessions (default 19000; smoke 50)
 *   --per-client=n          sessions-blocking and fanout: at most n sessions per client process (default 10000)
 *   --subscribers=n         fanout: subscribed sessions (default 10000; smoke 20)
 *   --rounds=n --warm-rounds=n   fanout: measured rounds (default 200; smoke 5) after warm-up rounds (20; smoke 1)
 *   --interval=ms           fanout: a round starts this long after the previous one, or once every subscriber had
 *                           it, whichever is later (default 100; smoke 20)
 *   --fanout-clients=n      fanout: client processes (default 2; more if --per-client requires)
 *   --raw-fanout=loop       fanout: raw Tyrus calls getAsyncRemote().sendBinary per session instead of
 *                           TyrusSession.broadcast (default broadcast)
 *   --jdk17=PATH --jdk21=PATH   sessions-blocking: the JDK homes of its two server runs (default: the harness's
 *                           own JVM if older than 21, and the newest JDK 21+ under /usr/lib/jvm)
 *   --no-jmh | --only-jmh
 *   --out=file.json         default bench/results/latest.json
 *   --markdown=file.md      also write the tables there
 *   --node-dir=dir          where the node scripts and node_modules are (default: property bench.node.dir)
 *   --log-dir=dir           child process logs (default bench/target/bench-logs)
 *   --note=text             stored with the machine description (e.g. that the machine was shared)
 *   --jfr                   record a JFR profile of every Java server and client into the log dir
 *   --jvm-flag=F            one more flag for every Java server and client (an experiment: -Dname=value)
 * </pre>
 */
public final class Bench {

  /** What one run produced. */
  public record Result(List<Record> records, List<String> failures, String markdown) {}

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Result r = run(args);
    System.out.println(r.markdown());
    if (!r.failures().isEmpty()) {
      System.err.println(r.failures().size() + " failure(s):");
      for (String f : r.failures()) System.err.println("- " + f);
      System.exit(2);
    }
  }

  public static Result run(String... argv) throws Exception {
    Map<String, String> o = options(argv);
    boolean smoke = o.containsKey("smoke");
    List<String> systems = csv(o.getOrDefault("systems", ""));
    List<Scenario> scenarios = o.containsKey("scenarios") ? Scenario.parse(o.get("scenarios"))
        : List.of(Scenario.values());
    long warm = Long.parseLong(o.getOrDefault("warm", smoke ? "100" : "5000"));
    long measure = Long.parseLong(o.getOrDefault("measure", smoke ? "300" : "4000"));
    int idle = Integer.parseInt(o.getOrDefault("idle", smoke ? "20" : "10000"));
    int sessions = Integer.parseInt(o.getOrDefault("sessions", smoke ? "50" : "19000"));
    int perClient = Integer.parseInt(o.getOrDefault("per-client", "10000"));
    int subscribers = Integer.parseInt(o.getOrDefault("subscribers", smoke ? "20" : "10000"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", smoke ? "5" : "200"));
    int warmRounds = Integer.parseInt(o.getOrDefault("warm-rounds", smoke ? "1" : "20"));
    long interval = Long.parseLong(o.getOrDefault("interval", smoke ? "20" : "100"));
    int fanoutClients = Integer.parseInt(o.getOrDefault("fanout-clients", "2"));
    Path out = Path.of(o.getOrDefault("out", "bench/results/latest.json"));
    Path logDir = Path.of(o.getOrDefault("log-dir", "bench/target/bench-logs")).toAbsolutePath();
    Path nodeDir = Path.of(o.getOrDefault("node-dir", System.getProperty("bench.node.dir", "bench/target/node")))
        .toAbsolutePath();
    List<String> jvmFlags = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseG1GC"));
    if (o.containsKey("jvm-flag")) jvmFlags.add(o.get("jvm-flag"));
    if (o.containsKey("jfr")) jvmFlags.add("-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=1ms,filename=" + logDir + "/");

    Map<String, Object> meta = new LinkedHashMap<>();
    Map<String, Object> machine = machine(o.get("note"));
    meta.put("generated", Instant.now().toString());
    meta.put("machine", machine);
    meta.put("jvm", jvm());
    meta.put("node", command("node", "--version"));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("warmMillis", warm);
    settings.put("measureMillis", measure);
    settings.put("idleSessions", idle);
    settings.put("smoke", smoke);
    settings.put("jvmFlags", jvmFlags);
    if (scenarios.contains(Scenario.SESSIONS_BLOCKING)) {
      settings.put("blockingSessions", sessions);
      settings.put("sessionsPerClientProcess", perClient);
    }
    if (scenarios.contains(Scenario.FANOUT)) {
      settings.put("fanoutSubscribers", subscribers);
      settings.put("fanoutRounds", rounds);
      settings.put("fanoutWarmRounds", warmRounds);
      settings.put("fanoutIntervalMillis", interval);
      settings.put("rawFanout", o.getOrDefault("raw-fanout", "broadcast"));
    }
    meta.put("settings", settings);

    List<Record> records = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    if (!o.containsKey("no-jmh")) {
      System.err.println("== JMH microbenchmarks" + (smoke ? " (smoke: one short iteration)" : ""));
      records.addAll(Jmh.run(smoke, jvmFlags));
    }
    if (!o.containsKey("only-jmh")) {
      Launch launch = new Launch(System.getProperty("java.class.path"), nodeDir, jvmFlags);
      EndToEnd e2e = new EndToEnd(launch, logDir, warm, measure, idle, smoke);
      boolean anyE2e = scenarios.stream().anyMatch(Scenario.E2E::contains);
      for (SystemSpec system : Systems.ALL_SYSTEMS) {
        if (!anyE2e || (!systems.isEmpty() && !systems.contains(system.id()))) continue;
        System.err.println("== " + system.id() + ": " + system.description());
        long t0 = System.nanoTime();
        List<Record> got = e2e.run(system, scenarios, failures);
        for (Record r : got) {
          System.err.printf("   %-14s %14s %s%n", r.scenario(), Report.format(r.value()), r.unit());
        }
        System.err.printf("   (%.0f s)%n", (System.nanoTime() - t0) / 1e9);
        records.addAll(got);
      }
      if (scenarios.contains(Scenario.SESSIONS_BLOCKING)
          && (systems.isEmpty() || systems.contains(SessionsBlocking.SYSTEM))) {
        SessionsBlocking sb = new SessionsBlocking(launch, logDir, sessions, perClient);
        records.addAll(sb.run(o.get("jdk17"), o.get("jdk21"), failures));
        meta.put("sessionsBlocking", sb.details);
      }
      if (scenarios.contains(Scenario.FANOUT)) {
        Fanout fanout = new Fanout(launch, logDir, subscribers, rounds, warmRounds, interval, fanoutClients, perClient,
            o.getOrDefault("raw-fanout", "broadcast"));
        settings.put("fanoutClientProcesses", fanout.clientProcesses());
        records.addAll(fanout.run(systems, failures));
      }
    }
    machine.put("loadAverageAtEnd", loadAverage());
    Report.writeJson(out, meta, records, failures);
    String markdown = markdown(records, meta);
    if (o.containsKey("markdown")) Files.writeString(Path.of(o.get("markdown")), markdown);
    return new Result(records, failures, markdown);
  }

  private static String markdown(List<Record> records, Map<String, Object> meta) {
    StringBuilder sb = new StringBuilder();
    List<String> systems = Report.systemsIn(records);
    if (!systems.isEmpty() && records.stream().anyMatch(Report::endToEndRecord)) {
      sb.append("End to end, one client, loopback (ratio to raw-tyrus in parentheses; ↓ = lower is better;"
          + " nested-setup is compared with raw-tyrus's reqrep round trips):\n\n");
      sb.append(Report.endToEnd(records, systems)).append('\n');
    }
    if (records.stream().anyMatch(r -> r.scenario().startsWith(Scenario.SESSIONS_BLOCKING.id()))) {
      sb.append("sessions-blocking: concurrent sessions on one server, the README's blocking handler, the endpoint's"
          + " default executor (↓ = lower is better):\n\n").append(Report.sessionsBlocking(records)).append('\n');
    }
    if (records.stream().anyMatch(r -> r.scenario().startsWith(Scenario.FANOUT.id()))) {
      sb.append("fanout: one message to every subscriber per round; time until all have it (ratio to raw-tyrus in"
          + " parentheses):\n\n").append(Report.fanout(records)).append('\n');
    }
    if (records.stream().anyMatch(r -> r.scenario().startsWith("jmh "))) {
      sb.append("Microbenchmarks (JMH, average time):\n\n").append(Report.micro(records)).append('\n');
    }
    sb.append("Machine: ").append(meta.get("machine")).append("\nJVM: ").append(meta.get("jvm")).append('\n');
    return sb.toString();
  }

  private static Map<String, String> options(String[] argv) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String a : argv) {
      if (!a.startsWith("--")) throw new IllegalArgumentException("unknown argument " + a);
      int eq = a.indexOf('=');
      if (eq < 0) o.put(a.substring(2), "");
      else o.put(a.substring(2, eq), a.substring(eq + 1));
    }
    return o;
  }

  private static List<String> csv(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(",")) if (!p.isBlank()) out.add(p.trim());
    for (String id : out) if (!Fanout.known(id)) Systems.byId(id);
    return out;
  }

  private static Map<String, Object> machine(String note) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("loadAverageAtStart", loadAverage());
    if (note != null && !note.isBlank()) m.put("note", note);
    return m;
  }

  private static Map<String, Object> jvm() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", System.getProperty("java.runtime.version"));
    m.put("vendor", System.getProperty("java.vendor"));
    m.put("vm", System.getProperty("java.vm.name"));
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? s : "unavailable";
    } catch (IOException | InterruptedException e) {
      return "unavailable";
    }
  }
}
