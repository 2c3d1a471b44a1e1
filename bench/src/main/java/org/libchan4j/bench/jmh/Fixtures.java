package org.libchan4j.bench.jmh;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.internal.msgpack.MsgpackExt;

/** The typical messages the microbenchmarks encode and decode, as msgpack value trees. */
final class Fixtures {
  private Fixtures() {}

  /** A small map: a command with a few scalar and string fields. */
  static Map<String, Object> smallMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cmd", "ls");
    m.put("args", List.of("-l", "/tmp"));
    m.put("n", 42L);
    m.put("ok", true);
    return m;
  }

  /** 1 KiB of binary in a one-entry map, as a file chunk travels. */
  static Map<String, Object> bin1k() {
    byte[] b = new byte[1024];
    Arrays.fill(b, (byte) 7);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chunk", b);
    return m;
  }

  /** A request carrying two nested channels (a write channel for events, a return channel for the status). */
  static Map<String, Object> twoChannels() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cmd", "watch");
    m.put("events", new MsgpackExt(1, new byte[] {1, 0, 0, 0, 3}));
    m.put("status", new MsgpackExt(1, new byte[] {2, 0, 0, 0, 5}));
    return m;
  }

  static Object named(String name) {
    return switch (name) {
      case "small-map" -> smallMap();
      case "bin-1KiB" -> bin1k();
      case "two-channels" -> twoChannels();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
