package org.libchan4j.internal.msgpack;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Encodes Java values as msgpack into a growable internal buffer, under a {@link MsgpackProfile}.
 *
 * <p>{@link #write(Object)} accepts null, Boolean, Byte, Short, Integer, Long, BigInteger (-2^63..2^64-1), Float
 * (float32), Double (float64), String, byte[] (bin), List and Object[] (array), Map (map, in iteration order),
 * {@link MsgpackExt}, and whatever the {@link ExtEncoder} turns into an ext. Anything else, a value out of range,
 * a string with an unpaired surrogate, nesting deeper than {@value #MAX_DEPTH} (a cycle, most likely) or anything
 * the profile forbids throws {@link MsgpackEncodeException}, and the writer's content is then exactly what it was
 * before the call. The low-level {@code writeX} methods apply the same rules, check before writing anything, and
 * leave it to the caller to follow a header with the right number of values.
 *
 * <p>Integers use the smallest format, unsigned ones for values >= 0. With {@link MsgpackProfile#STANDARD} the
 * bytes equal msgpack-core's default {@code MessageBufferPacker} output for the same value.
 *
 * <p>Not thread-safe. Reusable: {@link #reset()} empties it and keeps the buffer.
 */
public final class MsgpackWriter {
  /** Deepest nesting {@link #write(Object)} follows; guards against cyclic lists and maps. */
  public static final int MAX_DEPTH = 1000;

  private final boolean jschan;
  private final ExtEncoder ext;
  private byte[] buf = new byte[256];
  private int size;

  /** @param ext consulted for values of no built-in type; may be null */
  public MsgpackWriter(MsgpackProfile profile, ExtEncoder ext) {
    if (profile == null) throw new NullPointerException("profile");
    this.jschan = profile == MsgpackProfile.JSCHAN;
    this.ext = ext;
  }

  /** Appends one whole value tree; on failure nothing of it remains appended. */
  public MsgpackWriter write(Object value) {
    int mark = size;
    try {
      writeValue(value, 0);
    } catch (RuntimeException e) {
      size = mark;
      throw e;
    }
    return this;
  }

  private void writeValue(Object v, int depth) {
    if (v == null) {
      writeNil();
    } else if (v instanceof String) {
      writeString((String) v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      writeInt(((Number) v).longValue());
    } else if (v instanceof Boolean) {
      writeBoolean((Boolean) v);
    } else if (v instanceof Double) {
      writeFloat64((Double) v);
    } else if (v instanceof Float) {
      writeFloat32((Float) v);
    } else if (v instanceof byte[]) {
      byte[] b = (byte[]) v;
      writeBin(b, 0, b.length);
    } else if (v instanceof Map) {
      writeMap((Map<?, ?>) v, depth + 1);
    } else if (v instanceof List) {
      writeList((List<?>) v, depth + 1);
    } else if (v instanceof Object[]) {
      writeObjectArray((Object[]) v, depth + 1);
    } else if (v instanceof MsgpackExt) {
      MsgpackExt e = (MsgpackExt) v;
      writeExt(e.type(), e.data());
    } else if (v instanceof MsgpackRaw) {
      writeRaw((MsgpackRaw) v);
    } else if (v instanceof BigInteger) {
      writeBigInteger((BigInteger) v);
    } else {
      MsgpackExt e = ext == null ? null : ext.encode(v);
      if (e == null) {
        throw new MsgpackEncodeException("cannot encode a value of type " + typeName(v)
            + ": it has no msgpack form" + (ext == null ? "" : " and the ext encoder does not handle it"));
      }
      writeExt(e.type(), e.data());
    }
  }

  private void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new MsgpackEncodeException("nesting deeper than " + MAX_DEPTH + " arrays and maps (a cycle?)");
    }
  }

  private void writeList(List<?> list, int depth) {
    checkDepth(depth);
    int n = list.size();
    writeArrayHeader(n);
    int written = 0;
    for (Iterator<?> it = list.iterator(); it.hasNext() && written < n; written++) {
      writeValue(it.next(), depth);
    }
    if (written != n) throw new MsgpackEncodeException("list changed size while being encoded");
  }

  private void writeObjectArray(Object[] array, int depth) {
    checkDepth(depth);
    writeArrayHeader(array.length);
    for (Object o : array) writeValue(o, depth);
  }

  private void writeMap(Map<?, ?> map, int depth) {
    checkDepth(depth);
    int n = map.size();
    writeMapHeader(n);
    int written = 0;
    for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext() && written < n;
        written++) {
      Map.Entry<?, ?> e = it.next();
      writeValue(e.getKey(), depth);
      writeValue(e.getValue(), depth);
    }
    if (written != n) throw new MsgpackEncodeException("map changed size while being encoded");
  }

  private void writeBigInteger(BigInteger v) {
    if (v.bitLength() <= 63) {
      writeInt(v.longValue());
    } else if (v.signum() > 0 && v.bitLength() == 64) {
      if (jschan) throw outsideJschanRange(v.toString());
      ensure(9);
      buf[size++] = (byte) 0xcf;
      putLong(v.longValue());
    } else {
      throw new MsgpackEncodeException("integer " + v + " is outside msgpack's range -2^63..2^64-1");
    }
  }

  /** Writes nil ({@code C0}). */
  public MsgpackWriter writeNil() {
    ensure(1);
    buf[size++] = (byte) 0xc0;
    return this;
  }

  /** Writes false ({@code C2}) or true ({@code C3}). */
  public MsgpackWriter writeBoolean(boolean v) {
    ensure(1);
    buf[size++] = (byte) (v ? 0xc3 : 0xc2);
    return this;
  }

  /** Writes an integer in its smallest format; JSCHAN refuses values outside -2^31..2^32-1. */
  public MsgpackWriter writeInt(long v) {
    if (jschan && (v < Integer.MIN_VALUE || v > 0xffffffffL)) throw outsideJschanRange(Long.toString(v));
    ensure(9);
    if (v >= 0) {
      if (v < 0x80) {
        buf[size++] = (byte) v;
      } else if (v < 0x100) {
        buf[size++] = (byte) 0xcc;
        buf[size++] = (byte) v;
      } else if (v < 0x10000) {
        buf[size++] = (byte) 0xcd;
        putShort((int) v);
      } else if (v < 0x100000000L) {
        buf[size++] = (byte) 0xce;
        putInt((int) v);
      } else {
        buf[size++] = (byte) 0xcf;
        putLong(v);
      }
    } else if (v >= (jschan ? -31 : -32)) { // jschan's msgpack5 misreads E0
      buf[size++] = (byte) v;
    } else if (v >= Byte.MIN_VALUE) {
      buf[size++] = (byte) 0xd0;
      buf[size++] = (byte) v;
    } else if (v >= Short.MIN_VALUE) {
      buf[size++] = (byte) 0xd1;
      putShort((int) v);
    } else if (v >= Integer.MIN_VALUE) {
      buf[size++] = (byte) 0xd2;
      putInt((int) v);
    } else {
      buf[size++] = (byte) 0xd3;
      putLong(v);
    }
    return this;
  }

  private static MsgpackEncodeException outsideJschanRange(String v) {
    return new MsgpackEncodeException(
        "integer " + v + " is outside the range a jschan peer decodes (int32/uint32)");
  }

  /** Writes a float32 ({@code CA}), NaN payloads included. */
  public MsgpackWriter writeFloat32(float v) {
    ensure(5);
    buf[size++] = (byte) 0xca;
    putInt(Float.floatToRawIntBits(v));
    return this;
  }

  /** Writes a float64 ({@code CB}), NaN payloads included. */
  public MsgpackWriter writeFloat64(double v) {
    ensure(9);
    buf[size++] = (byte) 0xcb;
    putLong(Double.doubleToRawLongBits(v));
    return this;
  }

  /** Writes a str (fixstr/str8/str16/str32 by UTF-8 length); unpaired surrogates are refused. */
  public MsgpackWriter writeString(String s) {
    long len = Utf8.encodedLength(s);
    if (len > Integer.MAX_VALUE - 16) {
      throw new MsgpackEncodeException("string of " + len + " UTF-8 bytes is too long to encode");
    }
    int n = (int) len;
    ensure(5 + n);
    if (n < 32) {
      buf[size++] = (byte) (0xa0 | n);
    } else if (n < 0x100) {
      buf[size++] = (byte) 0xd9;
      buf[size++] = (byte) n;
    } else if (n < 0x10000) {
      buf[size++] = (byte) 0xda;
      putShort(n);
    } else {
      buf[size++] = (byte) 0xdb;
      putInt(n);
    }
    size = Utf8.encode(s, buf, size);
    return this;
  }

  /** Writes {@code b[off..off+len)} as bin8/16/32. */
  public MsgpackWriter writeBin(byte[] b, int off, int len) {
    checkRange(b, off, len);
    ensure(5 + len);
    if (len < 0x100) {
      buf[size++] = (byte) 0xc4;
      buf[size++] = (byte) len;
    } else if (len < 0x10000) {
      buf[size++] = (byte) 0xc5;
      putShort(len);
    } else {
      buf[size++] = (byte) 0xc6;
      putInt(len);
    }
    put(b, off, len);
    return this;
  }

  /** Writes the header of an array of {@code n} elements; the caller writes the {@code n} values next. */
  public MsgpackWriter writeArrayHeader(int n) {
    if (n < 0) throw new IllegalArgumentException("array size must be >= 0: " + n);
    ensure(5);
    if (n < 16) {
      buf[size++] = (byte) (0x90 | n);
    } else if (n < 0x10000) {
      buf[size++] = (byte) 0xdc;
      putShort(n);
    } else {
      buf[size++] = (byte) 0xdd;
      putInt(n);
    }
    return this;
  }

  /** Writes the header of a map of {@code n} entries; JSCHAN refuses more than 65535 (map32). */
  public MsgpackWriter writeMapHeader(int n) {
    if (n < 0) throw new IllegalArgumentException("map size must be >= 0: " + n);
    if (jschan && n > 0xffff) {
      throw new MsgpackEncodeException("map of " + n
          + " entries needs map32, which a jschan peer cannot decode (at most 65535 entries)");
    }
    ensure(5);
    if (n < 16) {
      buf[size++] = (byte) (0x80 | n);
    } else if (n < 0x10000) {
      buf[size++] = (byte) 0xde;
      putShort(n);
    } else {
      buf[size++] = (byte) 0xdf;
      putInt(n);
    }
    return this;
  }

  /** Writes an ext as fixext 1/2/4/8/16 or ext8/16/32; JSCHAN refuses types other than 1 and 2. */
  public MsgpackWriter writeExt(int type, byte[] data) {
    if (type < -128 || type > 127) throw new IllegalArgumentException("ext type must be in -128..127: " + type);
    if (jschan && type != 1 && type != 2) {
      throw new MsgpackEncodeException("ext type " + type
          + " is not decodable by a jschan peer (only 1, channel, and 2, byte stream)");
    }
    int len = data.length;
    ensure(6 + len);
    int fixext = fixextCode(len);
    if (fixext != 0) {
      buf[size++] = (byte) fixext;
    } else if (len < 0x100) {
      buf[size++] = (byte) 0xc7;
      buf[size++] = (byte) len;
    } else if (len < 0x10000) {
      buf[size++] = (byte) 0xc8;
      putShort(len);
    } else {
      buf[size++] = (byte) 0xc9;
      putInt(len);
    }
    buf[size++] = (byte) type;
    put(data, 0, len);
    return this;
  }

  /** Copies a value encoded under this writer's profile; another profile's bytes would break its guarantees. */
  private void writeRaw(MsgpackRaw raw) {
    if ((raw.profile() == MsgpackProfile.JSCHAN) != jschan) {
      throw new MsgpackEncodeException("a value encoded under " + raw.profile()
          + " cannot be copied into another profile's output");
    }
    ensure(raw.size());
    put(raw.bytes(), 0, raw.size());
  }

  private static int fixextCode(int len) {
    return len == 1 ? 0xd4 : len == 2 ? 0xd5 : len == 4 ? 0xd6 : len == 8 ? 0xd7 : len == 16 ? 0xd8 : 0;
  }

  /** Number of bytes written since construction or the last {@link #reset()}. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** Forgets everything written; the buffer is kept for reuse. */
  public void reset() {
    size = 0;
  }

  private void ensure(int extra) {
    if (extra > buf.length - size) {
      long needed = (long) size + extra;
      if (needed > Integer.MAX_VALUE - 8) {
        throw new MsgpackEncodeException("encoded value would exceed " + (Integer.MAX_VALUE - 8) + " bytes");
      }
      long grown = Math.max(needed, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8));
      buf = Arrays.copyOf(buf, (int) grown);
    }
  }

  private void put(byte[] b, int off, int len) {
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  private void putShort(int v) {
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void putInt(int v) {
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }

  private static void checkRange(byte[] b, int off, int len) {
    if (off < 0 || len < 0 || off > b.length - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + len + ") out of bounds for length "
          + b.length);
    }
  }

  /** {@code int[]} rather than {@code [I}. */
  private static String typeName(Object v) {
    Class<?> c = v.getClass();
    int dims = 0;
    while (c.isArray()) {
      c = c.getComponentType();
      dims++;
    }
    StringBuilder sb = new StringBuilder(c.getName());
    for (int i = 0; i < dims; i++) sb.append("[]");
    return sb.toString();
  }
}
