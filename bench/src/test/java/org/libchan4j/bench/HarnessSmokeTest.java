package org.libchan4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the whole harness for a tiny count: every JMH benchmark once in-process, every system (servers and clients in
 * their own processes, node included) through every scenario it has, with 20 idle sessions; sessions-blocking with
 * 50 sessions on Java 17 and on Java 21+ (needs a JDK 21+ under /usr/lib/jvm, as bench/run does); fanout with 20
 * subscribers in two client processes for 1 + 5 rounds on each of its three systems. Asserts that the harness
 * produced well-formed records and files, never anything about speed.
 */
class HarnessSmokeTest {

  @Test
  @Timeout(240)
  void everySystemRunsEveryScenarioAndTheResultsAreWellFormed() throws Exception {
    Path out = Path.of("target/smoke/latest.json");
    Files.deleteIfExists(out);
    Bench.Result result = Bench.run("--smoke", "--warm=50", "--measure=150", "--out=" + out,
        "--log-dir=target/smoke/logs", "--markdown=target/smoke/latest.md");

    assertEquals(List.of(), result.failures(), "failures");
    List<Record> records = result.records();
    Set<String> seen = new HashSet<>();
    for (Record r : records) {
      assertTrue(seen.add(r.scenario() + "/" + r.system()), "one record per scenario and system: " + r);
      assertTrue(Double.isFinite(r.value()), "finite: " + r);
      boolean delta = r.scenario().equals(Scenario.IDLE_HEAP.id()) || r.unit().equals("B/session");
      if (!delta) assertTrue(r.value() > 0, "positive: " + r);
    }
    for (Systems.SystemSpec system : Systems.ALL_SYSTEMS) {
      for (Scenario s : system.scenarios()) {
        assertEquals(s.unit(), unitOf(records, s.id(), system.id()), s.id() + " of " + system.id());
      }
      if (system.scenarios().contains(Scenario.REQREP)) {
        assertEquals("us", unitOf(records, Scenario.REQREP_P50, system.id()));
        assertEquals("us", unitOf(records, Scenario.REQREP_P99, system.id()));
      }
      if (system.id().startsWith("libchan4j-")) {
        assertEquals(Scenario.REQREP.unit(), unitOf(records, Scenario.REQREP_BLOCKING, system.id()), system.id());
        assertEquals("us", unitOf(records, Scenario.REQREP_BLOCKING_P50, system.id()), system.id());
      }
    }
    for (String jvm : List.of(SessionsBlocking.JAVA17, SessionsBlocking.JAVA21)) {
      for (int i = 0; i < SessionsBlocking.UNITS.length; i++) {
        assertEquals(SessionsBlocking.UNITS[i], unitOf(records, SessionsBlocking.id(jvm, i), SessionsBlocking.SYSTEM),
            SessionsBlocking.id(jvm, i));
      }
      // (no assertion on threads: the default executor is the endpoint's choice, virtual threads on 21+ or not)
      assertEquals(50, valueOf(records, SessionsBlocking.id(jvm, 0), SessionsBlocking.SYSTEM), "sessions held");
    }
    for (Fanout.FanoutSystem system : Fanout.SYSTEMS) {
      assertEquals(Scenario.FANOUT.unit(), unitOf(records, Scenario.FANOUT.id(), system.id()), system.id());
      for (String id : List.of(Scenario.FANOUT_P50, Scenario.FANOUT_P99, Scenario.FANOUT_PUBLISH_P50)) {
        assertEquals(Scenario.MILLIS, unitOf(records, id, system.id()), id + " of " + system.id());
      }
    }
    long jmh = records.stream().filter(r -> r.scenario().startsWith("jmh ")).count();
    assertEquals(15, jmh, "3 messages x 4 codec benchmarks + 3 engine benchmarks");
    records.stream().filter(r -> r.scenario().startsWith("jmh ")).forEach(r -> assertEquals("ns/op", r.unit()));

    @SuppressWarnings("unchecked")
    Map<String, Object> json = new Gson().fromJson(Files.readString(out), Map.class);
    assertNotNull(json.get("machine"));
    assertNotNull(json.get("jvm"));
    assertEquals(records.size(), ((List<?>) json.get("records")).size());
    for (Object o : (List<?>) json.get("records")) {
      assertEquals(Set.of("scenario", "system", "value", "unit"), ((Map<?, ?>) o).keySet());
    }
    assertTrue(result.markdown().contains("| scenario | unit | raw-tyrus | libchan4j-compat |"), result.markdown());
    assertTrue(result.markdown().contains("| measure | unit | server on Java 17 | server on Java 21+ |"),
        result.markdown());
    assertTrue(result.markdown().contains("| measure | unit | libchan4j-extended | socket.io | raw-tyrus |"),
        result.markdown());
    assertFalse(result.markdown().contains("NaN"), result.markdown());
  }

  private static double valueOf(List<Record> records, String scenario, String system) {
    for (Record r : records) if (r.scenario().equals(scenario) && r.system().equals(system)) return r.value();
    return Double.NaN;
  }

  private static String unitOf(List<Record> records, String scenario, String system) {
    for (Record r : records) if (r.scenario().equals(scenario) && r.system().equals(system)) return r.unit();
    return null;
  }
}
