package org.libchan4j.bench;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The scenarios. The end-to-end ones ({@link #E2E}) run the same payloads over one connection (one client) on every
 * system, except {@link #IDLE_HEAP}, which opens {@code idle} connections and measures the server's heap. The scale
 * scenarios ({@link #SESSIONS_BLOCKING}, {@link #FANOUT}) open thousands of sessions from several client processes
 * and have their own orchestrators ({@link SessionsBlocking}, {@link Fanout}).
 */
public enum Scenario {
  /** Heap per idle session on the server: (heap after GC with N sessions - before) / N. */
  IDLE_HEAP("idle-heap", "B/session"),
  /** One-way messages of 32 bytes, as fast as the sender can: messages the server counted per second. */
  ONEWAY_32("oneway-32B", "msg/s"),
  /** As {@link #ONEWAY_32} with 1 KiB payloads. */
  ONEWAY_1K("oneway-1KiB", "msg/s"),
  /** Request/reply, one outstanding: a 32-byte request with a fresh return channel, echoed back on it. */
  REQREP("reqrep", "rt/s"),
  /** One nested channel each way per operation (client's return channel, a channel the server writes in it). */
  NESTED("nested-setup", "ops/s"),
  /** A byte stream from client to server, 64 KiB writes: megabytes (10^6) per second. */
  BYTES("bytestream", "MB/s"),
  /**
   * As many concurrent sessions as the machine allows, each served by the README's blocking handler with the
   * endpoint's default executor, server on Java 17 and on Java 21+: records {@code sessions-blocking-<jvm>} (sessions
   * held) and {@code -threads}, {@code -peak-threads}, {@code -heap}, {@code -rss}, {@code -open} next to it.
   */
  SESSIONS_BLOCKING("sessions-blocking", "sessions"),
  /**
   * One message to every subscribed session, repeated: deliveries per second, and {@code fanout-p50} /
   * {@code fanout-p99}, the time until all subscribers have a round's message.
   */
  FANOUT("fanout", "deliveries/s");

  /** The scenarios every system of {@link Systems} runs end to end (one client process each). */
  public static final Set<Scenario> E2E = EnumSet.range(IDLE_HEAP, BYTES);

  /** Extra records {@link #REQREP} yields: latency percentiles. */
  public static final String REQREP_P50 = "reqrep-p50";
  public static final String REQREP_P99 = "reqrep-p99";
  public static final String LATENCY_UNIT = "us";
  /**
   * libchan4j only, after {@link #REQREP} on the same connection: request/reply against the server's blocking handler
   * (a {@code receive} loop on a thread of its own, the README's style) instead of its callbacks, and its p50.
   */
  public static final String REQREP_BLOCKING = "reqrep-blocking";
  public static final String REQREP_BLOCKING_P50 = "reqrep-blocking-p50";

  /** Extra records {@link #FANOUT} yields: time until all subscribers have a round's message, and publish's cost. */
  public static final String FANOUT_P50 = "fanout-p50";
  public static final String FANOUT_P99 = "fanout-p99";
  public static final String FANOUT_PUBLISH_P50 = "fanout-publish-p50";
  public static final String MILLIS = "ms";

  private final String id;
  private final String unit;

  Scenario(String id, String unit) {
    this.id = id;
    this.unit = unit;
  }

  public String id() {
    return id;
  }

  public String unit() {
    return unit;
  }

  public int payloadBytes() {
    return this == ONEWAY_1K ? 1024 : 32;
  }

  public static Scenario of(String id) {
    for (Scenario s : values()) if (s.id.equals(id)) return s;
    throw new IllegalArgumentException("unknown scenario " + id + "; known: " + ids(List.of(values())));
  }

  public static String ids(List<Scenario> list) {
    List<String> out = new ArrayList<>();
    for (Scenario s : list) out.add(s.id);
    return String.join(",", out);
  }

  public static List<Scenario> parse(String csv) {
    List<Scenario> out = new ArrayList<>();
    for (String s : csv.split(",")) if (!s.isBlank()) out.add(of(s.trim()));
    return out;
  }
}
