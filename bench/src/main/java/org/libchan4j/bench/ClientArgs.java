package org.libchan4j.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the harness tells a client process, as {@code key=value} arguments (the node client takes the same):
 * {@code url}, {@code scenarios} (comma-separated ids), {@code warm} and {@code measure} (milliseconds per round),
 * {@code idle} (sessions for idle-heap).
 */
public record ClientArgs(String url, List<Scenario> scenarios, long warmMillis, long measureMillis, int idle) {

  public static ClientArgs parse(String[] args) {
    Map<String, String> m = keyValues(args);
    return new ClientArgs(require(m, "url"), Scenario.parse(require(m, "scenarios")),
        Long.parseLong(m.getOrDefault("warm", "2000")), Long.parseLong(m.getOrDefault("measure", "4000")),
        Integer.parseInt(m.getOrDefault("idle", "10000")));
  }

  /** {@code key=value} arguments as a map (the scale scenarios' clients take their own keys). */
  public static Map<String, String> keyValues(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + a);
      m.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return m;
  }

  public static String require(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null) throw new IllegalArgumentException("missing argument " + key + "=...");
    return v;
  }

  public String[] toArgs() {
    return new String[] {"url=" + url, "scenarios=" + Scenario.ids(scenarios), "warm=" + warmMillis,
        "measure=" + measureMillis, "idle=" + idle};
  }
}
