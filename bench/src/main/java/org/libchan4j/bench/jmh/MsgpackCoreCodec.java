package org.libchan4j.bench.jmh;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.libchan4j.internal.msgpack.MsgpackExt;
import org.msgpack.core.MessageBufferPacker;

/** Writes the fixtures' value trees with msgpack-core, dispatching on type as MsgpackWriter.write does. */
final class MsgpackCoreCodec {
  private MsgpackCoreCodec() {}

  static void pack(MessageBufferPacker p, Object v) throws IOException {
    if (v == null) {
      p.packNil();
    } else if (v instanceof String) {
      p.packString((String) v);
    } else if (v instanceof Long || v instanceof Integer) {
      p.packLong(((Number) v).longValue());
    } else if (v instanceof Boolean) {
      p.packBoolean((Boolean) v);
    } else if (v instanceof byte[]) {
      byte[] b = (byte[]) v;
      p.packBinaryHeader(b.length);
      p.writePayload(b);
    } else if (v instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) v;
      p.packMapHeader(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        pack(p, e.getKey());
        pack(p, e.getValue());
      }
    } else if (v instanceof List) {
      List<?> l = (List<?>) v;
      p.packArrayHeader(l.size());
      for (Object o : l) pack(p, o);
    } else if (v instanceof MsgpackExt) {
      MsgpackExt e = (MsgpackExt) v;
      p.packExtensionTypeHeader((byte) e.type(), e.data().length);
      p.writePayload(e.data());
    } else {
      throw new IllegalArgumentException("no msgpack form for " + v.getClass());
    }
  }
}
