package org.libchan4j.bench.fanout;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fan-out payload, the same object in every system: {@code {"room":"lobby","round":r,"sent":micros,"text":...}},
 * about 100 bytes as JSON. {@code sent} is the publisher's clock in microseconds since it started, modulo 2^31
 * (informational: the harness times rounds with the stamp the server reports; libchan4j refuses integers outside
 * int32/uint32, the range a jschan peer decodes, even in the extended mode). libchan4j sends it as this record (msgpack on the wire),
 * raw Tyrus as the JSON bytes ({@link #json}), Socket.IO as the same object (its JSON text encoding).
 */
public record Tick(String room, int round, long sent, String text) {
  public static final String ROOM = "lobby";
  public static final String TEXT = "the quick brown fox jumps over the lazy dog";

  private static final long START = System.nanoTime();

  /** Round {@code round}'s tick, stamped {@code nanos} (System.nanoTime). */
  public static Tick of(int round, long nanos) {
    return new Tick(ROOM, round, ((nanos - START) / 1000) % (1L << 31), TEXT);
  }

  /** The JSON bytes raw Tyrus sends (key order fixed: the raw client reads the round after {@code "round":}). */
  public byte[] json() {
    return String.format(Locale.ROOT, "{\"room\":\"%s\",\"round\":%d,\"sent\":%d,\"text\":\"%s\"}", room, round, sent,
        text).getBytes(StandardCharsets.UTF_8);
  }

  /** The round in {@link #json} bytes, read without a JSON parser (as cheap a client as raw WebSocket gets). */
  public static int roundOf(byte[] json) {
    int i = indexOf(json, ROUND_KEY) + ROUND_KEY.length;
    int r = 0;
    for (; i < json.length && json[i] >= '0' && json[i] <= '9'; i++) r = r * 10 + (json[i] - '0');
    return r;
  }

  private static final byte[] ROUND_KEY = "\"round\":".getBytes(StandardCharsets.US_ASCII);

  private static int indexOf(byte[] a, byte[] key) {
    outer:
    for (int i = 0; i + key.length <= a.length; i++) {
      for (int j = 0; j < key.length; j++) if (a[i + j] != key[j]) continue outer;
      return i;
    }
    throw new IllegalArgumentException("no round in " + new String(a, StandardCharsets.UTF_8));
  }
}
