package org.libchan4j.bench;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The line protocol between the harness and its child processes: one JSON object per line on stdout, with an
 * {@code "event"} field ({@code listening}, {@code heap}, {@code result}, {@code ready}, {@code error}).
 * Everything else a child prints (logs) goes to stderr.
 */
public final class Emit {
  private static final Gson GSON = new Gson();

  private Emit() {}

  public static synchronized void event(String event, Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", event);
    for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
    System.out.println(GSON.toJson(m));
    System.out.flush();
  }

  public static void result(String scenario, double value, String unit) {
    event("result", "scenario", scenario, "value", value, "unit", unit);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String line) {
    return GSON.fromJson(line, Map.class);
  }
}
