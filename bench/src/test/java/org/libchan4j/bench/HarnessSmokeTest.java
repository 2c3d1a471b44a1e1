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
 * their own processes, node included) through every scenario it has, with 20 idle sessions. Asserts that the
 * harness produced well-formed records and files, never anything about speed.
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
      if (!r.scenario().equals(Scenario.IDLE_HEAP.id())) assertTrue(r.value() > 0, "positive: " + r);
    }
    for (Systems.SystemSpec system : Systems.ALL_SYSTEMS) {
      for (Scenario s : system.scenarios()) {
        assertEquals(s.unit(), unitOf(records, s.id(), system.id()), s.id() + " of " + system.id());
      }
      if (system.scenarios().contains(Scenario.REQREP)) {
        assertEquals("us", unitOf(records, Scenario.REQREP_P50, system.id()));
        assertEquals("us", unitOf(records, Scenario.REQREP_P99, system.id()));
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
    assertFalse(result.markdown().contains("NaN"), result.markdown());
  }

  private static String unitOf(List<Record> records, String scenario, String system) {
    for (Record r : records) if (r.scenario().equals(scenario) && r.system().equals(system)) return r.unit();
    return null;
  }
}
