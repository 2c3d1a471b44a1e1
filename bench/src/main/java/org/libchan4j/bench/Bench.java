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
 *   --systems=a,b           default all: raw-tyrus, libchan4j-compat, libchan4j-extended, jschan, jschan-to-libchan4j, rsocket
 *   --scenarios=x,y         default all: idle-heap, oneway-32B, oneway-1KiB, reqrep, nested-setup, bytestream
 *   --warm=ms --measure=ms  per round (default 2000 and 4000)
 *   --idle=n                idle sessions (default 10000)
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
    long warm = Long.parseLong(o.getOrDefault("warm", smoke ? "100" : "2000"));
    long measure = Long.parseLong(o.getOrDefault("measure", smoke ? "300" : "4000"));
    int idle = Integer.parseInt(o.getOrDefault("idle", smoke ? "20" : "10000"));
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
    meta.put("settings", Map.of("warmMillis", warm, "measureMillis", measure, "idleSessions", idle,
        "smoke", smoke, "jvmFlags", jvmFlags));

    List<Record> records = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    if (!o.containsKey("no-jmh")) {
      System.err.println("== JMH microbenchmarks" + (smoke ? " (smoke: one short iteration)" : ""));
      records.addAll(Jmh.run(smoke, jvmFlags));
    }
    if (!o.containsKey("only-jmh")) {
      Launch launch = new Launch(System.getProperty("java.class.path"), nodeDir, jvmFlags);
      EndToEnd e2e = new EndToEnd(launch, logDir, warm, measure, idle, smoke);
      for (SystemSpec system : Systems.ALL_SYSTEMS) {
        if (!systems.isEmpty() && !systems.contains(system.id())) continue;
        System.err.println("== " + system.id() + ": " + system.description());
        long t0 = System.nanoTime();
        List<Record> got = e2e.run(system, scenarios, failures);
        for (Record r : got) {
          System.err.printf("   %-14s %14s %s%n", r.scenario(), Report.format(r.value()), r.unit());
        }
        System.err.printf("   (%.0f s)%n", (System.nanoTime() - t0) / 1e9);
        records.addAll(got);
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
    if (!systems.isEmpty()) {
      sb.append("End to end, one client, loopback (ratio to raw-tyrus in parentheses; ↓ = lower is better;"
          + " nested-setup is compared with raw-tyrus's reqrep round trips):\n\n");
      sb.append(Report.endToEnd(records, systems)).append('\n');
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
    for (String id : out) Systems.byId(id);
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
