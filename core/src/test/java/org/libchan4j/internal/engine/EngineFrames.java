package org.libchan4j.internal.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.libchan4j.testing.GoldenVectors;
import org.libchan4j.testing.Hex;

/** The engine tests' shared helpers: frames built from key/value pairs, delivery, golden vectors. */
final class EngineFrames {
  private EngineFrames() {}

  /** A map frame {@code {k1: v1, k2: v2, ...}} in key order, encoded as any msgpack peer would. */
  static byte[] frame(Object... keyValues) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
    return new MsgpackWriter(MsgpackProfile.STANDARD, null).write(m).toByteArray();
  }

  /** One transport message into {@code e}. */
  static void receive(Engine e, byte[] bytes) {
    e.receive(bytes, 0, bytes.length);
  }

  /** The hex of a golden vector file. */
  static String vector(String file) {
    return Hex.encode(GoldenVectors.load(file).hex());
  }
}
