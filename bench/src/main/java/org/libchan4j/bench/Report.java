package org.libchan4j.bench;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes the results file and renders the markdown tables. */
final class Report {
  static final String BASELINE = "raw-tyrus";

  private Report() {}

  static void writeJson(Path file, Map<String, Object> meta, List<Record> records, List<String> failures)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>(meta);
    root.put("records", records);
    root.put("failures", failures);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
        .toJson(root) + "\n");
  }

  /** End-to-end table: one row per scenario, one column per system, each value with its ratio to raw WebSocket. */
  static String endToEnd(List<Record> records, List<String> systems) {
    Set<String> rows = new LinkedHashSet<>();
    for (Scenario s : List.of(Scenario.ONEWAY_32, Scenario.ONEWAY_1K, Scenario.REQREP)) rows.add(s.id());
    rows.add(Scenario.REQREP_P50);
    rows.add(Scenario.REQREP_P99);
    rows.add(Scenario.REQREP_BLOCKING);
    rows.add(Scenario.REQREP_BLOCKING_P50);
    rows.add(Scenario.NESTED.id());
    rows.add(Scenario.BYTES.id());
    rows.add(Scenario.IDLE_HEAP.id());
    StringBuilder sb = new StringBuilder("| scenario | unit |");
    for (String s : systems) sb.append(' ').append(s).append(" |");
    sb.append("\n|---|---|");
    sb.append("---:|".repeat(systems.size())).append('\n');
    for (String row : rows) {
      Record base = find(records, baselineRow(row), BASELINE);
      String unit = null;
      StringBuilder line = new StringBuilder();
      for (String system : systems) {
        Record r = find(records, row, system);
        line.append(' ');
        if (r == null) {
          line.append("n/a");
        } else {
          unit = r.unit();
          line.append(format(r.value()));
          if (base != null && !system.equals(BASELINE)) {
            line.append(String.format(Locale.ROOT, " (%.2f×)", r.value() / base.value()));
          }
        }
        line.append(" |");
      }
      if (unit == null) continue;
      String label = row + (lowerIsBetter(row) ? " ↓" : "");
      sb.append("| ").append(label).append(" | ").append(unit).append(" |").append(line).append('\n');
    }
    return sb.toString();
  }

  /** The raw-tyrus row a row's ratios are taken against: round trips for the rows raw WebSocket has no twin of. */
  private static String baselineRow(String row) {
    if (row.equals(Scenario.NESTED.id()) || row.equals(Scenario.REQREP_BLOCKING)) return Scenario.REQREP.id();
    if (row.equals(Scenario.REQREP_BLOCKING_P50)) return Scenario.REQREP_P50;
    return row;
  }

  /** Microbenchmark table: libchan4j against msgpack-core where both ran. */
  static String micro(List<Record> records) {
    Map<String, double[]> byScenario = new LinkedHashMap<>();
    for (Record r : records) {
      if (!r.scenario().startsWith("jmh ")) continue;
      double[] v = byScenario.computeIfAbsent(r.scenario().substring(4), k -> new double[] {Double.NaN, Double.NaN});
      v[r.system().equals("msgpack-core") ? 1 : 0] = r.value();
    }
    StringBuilder sb = new StringBuilder("| benchmark | libchan4j ns/op | msgpack-core ns/op | libchan4j / msgpack-core |\n");
    sb.append("|---|---:|---:|---:|\n");
    for (Map.Entry<String, double[]> e : byScenario.entrySet()) {
      double[] v = e.getValue();
      sb.append("| ").append(e.getKey()).append(" | ").append(format(v[0])).append(" | ")
          .append(Double.isNaN(v[1]) ? "n/a" : format(v[1])).append(" | ")
          .append(Double.isNaN(v[1]) ? "" : String.format(Locale.ROOT, "%.2f×", v[0] / v[1])).append(" |\n");
    }
    return sb.toString();
  }

  /** Sessions-blocking table: one row per measure, one column per server JVM. */
  static String sessionsBlocking(List<Record> records) {
    String[] labels = {"sessions held", "platform threads (live)", "platform threads (peak)",
        "heap per session (after GC) ↓", "RSS per session ↓", "time to open them all ↓"};
    List<String> jvms = List.of(SessionsBlocking.JAVA17, SessionsBlocking.JAVA21);
    StringBuilder sb = new StringBuilder("| measure | unit | server on Java 17 | server on Java 21+ |\n|---|---|---:|---:|\n");
    for (int i = 0; i < labels.length; i++) {
      sb.append("| ").append(labels[i]).append(" | ").append(SessionsBlocking.UNITS[i]).append(" |");
      for (String jvm : jvms) {
        Record r = find(records, SessionsBlocking.id(jvm, i), SessionsBlocking.SYSTEM);
        String v = r == null ? "n/a" : r.unit().equals("s") ? format(r.value())
            : String.format(Locale.ROOT, "%,.0f", r.value());   // counts and bytes: whole numbers
        sb.append(' ').append(v).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Fan-out table: one row per measure, one column per system, each with its ratio to raw Tyrus. */
  static String fanout(List<Record> records) {
    List<String> systems = new ArrayList<>();
    for (Fanout.FanoutSystem s : Fanout.SYSTEMS) {
      if (find(records, Scenario.FANOUT.id(), s.id()) != null) systems.add(s.id());
    }
    StringBuilder sb = new StringBuilder("| measure | unit |");
    for (String s : systems) sb.append(' ').append(s).append(" |");
    sb.append("\n|---|---|").append("---:|".repeat(systems.size())).append('\n');
    for (String id : Fanout.IDS) {
      Record base = find(records, id, BASELINE);
      sb.append("| ").append(id).append(id.equals(Scenario.FANOUT.id()) ? "" : " ↓").append(" | ")
          .append(id.equals(Scenario.FANOUT.id()) ? Scenario.FANOUT.unit() : Scenario.MILLIS).append(" |");
      for (String system : systems) {
        Record r = find(records, id, system);
        sb.append(' ').append(r == null ? "n/a" : format(r.value()));
        if (r != null && base != null && !system.equals(BASELINE) && base.value() > 0) {
          sb.append(String.format(Locale.ROOT, " (%.2f×)", r.value() / base.value()));
        }
        sb.append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Whether {@code r} belongs to the one-client end-to-end table (not JMH, not a scale scenario). */
  static boolean endToEndRecord(Record r) {
    return !r.scenario().startsWith("jmh ") && !r.scenario().startsWith(Scenario.SESSIONS_BLOCKING.id())
        && !r.scenario().startsWith(Scenario.FANOUT.id());
  }

  static List<String> systemsIn(List<Record> records) {
    Set<String> out = new LinkedHashSet<>();
    for (Systems.SystemSpec s : Systems.ALL_SYSTEMS) {
      for (Record r : records) if (endToEndRecord(r) && r.system().equals(s.id())) out.add(s.id());
    }
    return new ArrayList<>(out);
  }

  private static boolean lowerIsBetter(String row) {
    return row.equals(Scenario.REQREP_P50) || row.equals(Scenario.REQREP_P99)
        || row.equals(Scenario.REQREP_BLOCKING_P50) || row.equals(Scenario.IDLE_HEAP.id());
  }

  private static Record find(List<Record> records, String scenario, String system) {
    for (Record r : records) if (r.scenario().equals(scenario) && r.system().equals(system)) return r;
    return null;
  }

  static String format(double v) {
    if (Double.isNaN(v)) return "n/a";
    if (Math.abs(v) >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
    if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%.0f", v);
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
