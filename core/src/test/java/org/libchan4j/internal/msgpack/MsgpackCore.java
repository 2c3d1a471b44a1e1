package org.libchan4j.internal.msgpack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/** msgpack-core as the reference implementation: its packer for Java values, its unpacker mapped to our model. */
final class MsgpackCore {
  private MsgpackCore() {}

  static byte[] pack(Object value) {
    try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
      pack(p, value);
      return p.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void pack(MessageBufferPacker p, Object v) throws IOException {
    if (v == null) {
      p.packNil();
    } else if (v instanceof Boolean) {
      p.packBoolean((Boolean) v);
    } else if (v instanceof Byte) {
      p.packByte((Byte) v);
    } else if (v instanceof Short) {
      p.packShort((Short) v);
    } else if (v instanceof Integer) {
      p.packInt((Integer) v);
    } else if (v instanceof Long) {
      p.packLong((Long) v);
    } else if (v instanceof BigInteger) {
      p.packBigInteger((BigInteger) v);
    } else if (v instanceof Float) {
      p.packFloat((Float) v);
    } else if (v instanceof Double) {
      p.packDouble((Double) v);
    } else if (v instanceof String) {
      p.packString((String) v);
    } else if (v instanceof byte[]) {
      byte[] b = (byte[]) v;
      p.packBinaryHeader(b.length);
      p.writePayload(b);
    } else if (v instanceof List) {
      p.packArrayHeader(((List<?>) v).size());
      for (Object o : (List<?>) v) pack(p, o);
    } else if (v instanceof Object[]) {
      p.packArrayHeader(((Object[]) v).length);
      for (Object o : (Object[]) v) pack(p, o);
    } else if (v instanceof Map) {
      p.packMapHeader(((Map<?, ?>) v).size());
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        pack(p, e.getKey());
        pack(p, e.getValue());
      }
    } else if (v instanceof MsgpackExt) {
      MsgpackExt e = (MsgpackExt) v;
      p.packExtensionTypeHeader((byte) e.type(), e.data().length);
      p.writePayload(e.data());
    } else {
      throw new IllegalArgumentException("no msgpack-core form for " + v.getClass());
    }
  }

  /** msgpack-core's decoding, mapped to our value model. */
  static Object unpack(byte[] bytes) throws IOException {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      Object v = unpack(u);
      if (u.hasNext()) throw new AssertionError("msgpack-core found trailing bytes");
      return v;
    }
  }

  private static Object unpack(MessageUnpacker u) throws IOException {
    MessageFormat f = u.getNextFormat();
    switch (f.getValueType()) {
      case NIL:
        u.unpackNil();
        return null;
      case BOOLEAN:
        return u.unpackBoolean();
      case INTEGER:
        if (f == MessageFormat.UINT64) {
          BigInteger b = u.unpackBigInteger();
          return b.bitLength() <= 63 ? (Object) b.longValue() : b;
        }
        return u.unpackLong();
      case FLOAT:
        return f == MessageFormat.FLOAT32 ? (Object) u.unpackFloat() : (Object) u.unpackDouble();
      case STRING:
        return u.unpackString();
      case BINARY:
        return u.readPayload(u.unpackBinaryHeader());
      case ARRAY: {
        int n = u.unpackArrayHeader();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(unpack(u));
        return list;
      }
      case MAP: {
        int n = u.unpackMapHeader();
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) map.put(unpack(u), unpack(u));
        return map;
      }
      case EXTENSION: {
        ExtensionTypeHeader h = u.unpackExtensionTypeHeader();
        return new MsgpackExt(h.getType(), u.readPayload(h.getLength()));
      }
      default:
        throw new AssertionError(f);
    }
  }
}
