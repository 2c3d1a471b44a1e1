package org.libchan4j.internal.msgpack;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes msgpack values from a byte range, enforcing {@link MsgpackLimits}.
 *
 * <p>Value model: nil is null, bool Boolean, every integer format Long (a uint64 above {@link Long#MAX_VALUE} is a
 * {@link BigInteger}), float32 Float, float64 Double, str String (strict UTF-8), bin byte[], array
 * {@code ArrayList<Object>}, map {@code LinkedHashMap<Object, Object>} in input order, ext whatever the
 * {@link ExtDecoder} returns, or {@link MsgpackExt} without one. All of msgpack is accepted, including encodings a
 * {@link MsgpackWriter} never produces (non-minimal integers, map32, any ext type).
 *
 * <p>Errors: for any input bytes the reader throws only {@link MsgpackException}s: {@link MsgpackFormatException}
 * for malformed input (truncation, the never-used type byte 0xC1, invalid UTF-8, a duplicate map key, trailing
 * bytes after {@link #readOnly}) and {@link MsgpackLimitException} for a limit. Nothing is allocated for a declared
 * length before the remaining input is known to hold it and the limit allows it. After an exception the position is
 * unspecified; call a {@code reset} before reading again.
 *
 * <p>Not thread-safe; reusable across inputs via {@code reset}. The reader keeps a reference to the buffer until
 * the next reset and never modifies it; decoded values never share memory with it.
 */
public final class MsgpackReader {
  /** Initial capacity cap for containers, so a lying header cannot make nested levels pre-allocate a lot. */
  private static final int MAX_INITIAL_CAPACITY = 1024;
  /** Largest UTF-8 decoding scratch buffer kept between strings. */
  private static final int MAX_KEPT_SCRATCH = 8192;
  private static final byte[] EMPTY = new byte[0];

  private final MsgpackLimits limits;
  private final ExtDecoder ext;
  private byte[] buf = EMPTY;
  private int pos;
  private int end;
  /** Added to an index into {@code buf} to get the position reported to callers. */
  private int delta;
  private char[] scratch = new char[64];

  /** @param ext decodes ext values; null decodes them to {@link MsgpackExt} */
  public MsgpackReader(MsgpackLimits limits, ExtDecoder ext) {
    if (limits == null) throw new NullPointerException("limits");
    this.limits = limits;
    this.ext = ext;
  }

  /** Reads from {@code buf[off..off+len)}; positions are indexes into {@code buf}. */
  public void reset(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException("range [" + off + ", " + off + " + " + len + ") out of bounds for length "
          + buf.length);
    }
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
    this.delta = 0;
  }

  /**
   * Reads the remaining bytes of {@code bb} (copied only if it is not backed by an accessible array). Positions are
   * indexes into {@code bb}, starting at its current position, which this reader does not change.
   */
  public void reset(ByteBuffer bb) {
    int start = bb.position();
    int len = bb.remaining();
    if (bb.hasArray()) {
      this.buf = bb.array();
      this.pos = bb.arrayOffset() + start;
      this.delta = -bb.arrayOffset();
    } else {
      byte[] copy = new byte[len];
      bb.duplicate().get(copy);
      this.buf = copy;
      this.pos = 0;
      this.delta = start;
    }
    this.end = this.pos + len;
  }

  /** Whether unread bytes remain. */
  public boolean hasRemaining() {
    return pos < end;
  }

  /** Index of the next unread byte, in the coordinates of the last {@code reset}. */
  public int position() {
    return pos + delta;
  }

  /** Reads the next value. Truncated input is a {@link MsgpackFormatException}. */
  public Object read() {
    return readValue(0);
  }

  /** Resets to {@code buf[off..off+len)} and reads exactly one value that must fill the range. */
  public Object readOnly(byte[] buf, int off, int len) {
    reset(buf, off, len);
    Object value = readValue(0);
    if (pos < end) {
      throw new MsgpackFormatException("trailing bytes: " + (end - pos) + " after the value at offset "
          + position(), position());
    }
    return value;
  }

  private Object readValue(int depth) {
    int at = pos;
    if (at >= end) throw truncated("value", at, 1);
    int b = buf[at] & 0xff;
    if (b <= 0x7f) {
      pos++;
      return (long) b;
    } else if (b >= 0xe0) {
      pos++;
      return (long) (byte) b;
    } else if (b <= 0x8f) {
      pos++;
      return readMap(b & 0x0f, at, depth, "fixmap");
    } else if (b <= 0x9f) {
      pos++;
      return readArray(b & 0x0f, at, depth, "fixarray");
    } else if (b <= 0xbf) {
      pos++;
      return readString(b & 0x1f, at, "fixstr", 1);
    }
    switch (b) {
      case 0xc0: pos++; return null;
      case 0xc2: pos++; return Boolean.FALSE;
      case 0xc3: pos++; return Boolean.TRUE;
      case 0xc4: return readBin(length(at, 1, "bin8"), at, "bin8", 2);
      case 0xc5: return readBin(length(at, 2, "bin16"), at, "bin16", 3);
      case 0xc6: return readBin(length(at, 4, "bin32"), at, "bin32", 5);
      case 0xc7: return readExt(length(at, 1, "ext8"), at, "ext8", 3);
      case 0xc8: return readExt(length(at, 2, "ext16"), at, "ext16", 4);
      case 0xc9: return readExt(length(at, 4, "ext32"), at, "ext32", 6);
      case 0xca: need(at, 5, "float32"); pos++; return Float.intBitsToFloat(getInt());
      case 0xcb: need(at, 9, "float64"); pos++; return Double.longBitsToDouble(getLong());
      case 0xcc: need(at, 2, "uint8"); pos++; return (long) (buf[pos++] & 0xff);
      case 0xcd: need(at, 3, "uint16"); pos++; return (long) getShort();
      case 0xce: need(at, 5, "uint32"); pos++; return getInt() & 0xffffffffL;
      case 0xcf: need(at, 9, "uint64"); pos++; return uint64(getLong());
      case 0xd0: need(at, 2, "int8"); pos++; return (long) buf[pos++];
      case 0xd1: need(at, 3, "int16"); pos++; return (long) (short) getShort();
      case 0xd2: need(at, 5, "int32"); pos++; return (long) getInt();
      case 0xd3: need(at, 9, "int64"); pos++; return getLong();
      case 0xd4: return readExt(1, at, "fixext1", 2);
      case 0xd5: return readExt(2, at, "fixext2", 2);
      case 0xd6: return readExt(4, at, "fixext4", 2);
      case 0xd7: return readExt(8, at, "fixext8", 2);
      case 0xd8: return readExt(16, at, "fixext16", 2);
      case 0xd9: return readString(length(at, 1, "str8"), at, "str8", 2);
      case 0xda: return readString(length(at, 2, "str16"), at, "str16", 3);
      case 0xdb: return readString(length(at, 4, "str32"), at, "str32", 5);
      case 0xdc: return readArray(length(at, 2, "array16"), at, depth, "array16");
      case 0xdd: return readArray(length(at, 4, "array32"), at, depth, "array32");
      case 0xde: return readMap(length(at, 2, "map16"), at, depth, "map16");
      case 0xdf: return readMap(length(at, 4, "map32"), at, depth, "map32");
      default: // 0xc1
        throw new MsgpackFormatException("invalid type byte " + Hex.ofByte(b) + " at offset " + (at + delta),
            at + delta);
    }
  }

  /** Reads the {@code size}-byte unsigned length after the type byte at {@code at}; leaves pos after it. */
  private long length(int at, int size, String format) {
    need(at, 1 + size, format);
    pos = at + 1;
    switch (size) {
      case 1: return buf[pos++] & 0xff;
      case 2: return getShort();
      default: return getInt() & 0xffffffffL;
    }
  }

  private Object readArray(long n, int at, int depth, String format) {
    needAtLeast(at, pos - at + n, format);
    checkContainer(n, at, depth, "array of " + n + " elements");
    int count = (int) n;
    List<Object> list = new ArrayList<>(Math.min(count, MAX_INITIAL_CAPACITY));
    for (int i = 0; i < count; i++) list.add(readValue(depth + 1));
    return list;
  }

  private Object readMap(long n, int at, int depth, String format) {
    needAtLeast(at, pos - at + 2 * n, format);
    checkContainer(n, at, depth, "map of " + n + " entries");
    int count = (int) n;
    Map<Object, Object> map = new LinkedHashMap<>(Math.min(count, MAX_INITIAL_CAPACITY));
    Set<ByteBuffer> binKeys = null; // byte[] keys compare by identity in the map; find duplicates by content here
    for (int i = 0; i < count; i++) {
      int keyAt = pos;
      Object key = readValue(depth + 1);
      boolean duplicate;
      if (key instanceof byte[]) {
        if (binKeys == null) binKeys = new HashSet<>();
        duplicate = !binKeys.add(ByteBuffer.wrap((byte[]) key));
      } else {
        duplicate = map.containsKey(key);
      }
      if (duplicate) {
        throw new MsgpackFormatException("duplicate map key " + describe(key) + " at offset " + (keyAt + delta),
            keyAt + delta);
      }
      map.put(key, readValue(depth + 1));
    }
    return map;
  }

  private void checkContainer(long n, int at, int depth, String what) {
    if (depth + 1 > limits.maxDepth()) {
      throw new MsgpackLimitException(MsgpackLimitException.Limit.DEPTH, depth + 1, limits.maxDepth(),
          "nesting depth " + (depth + 1) + " exceeds maxDepth " + limits.maxDepth() + " at offset " + (at + delta));
    }
    if (n > limits.maxContainerSize()) {
      throw new MsgpackLimitException(MsgpackLimitException.Limit.CONTAINER_SIZE, n, limits.maxContainerSize(),
          what + " exceeds maxContainerSize " + limits.maxContainerSize() + " at offset " + (at + delta));
    }
  }

  private String readString(long len, int at, String format, int headerSize) {
    need(at, headerSize + len, format);
    if (len > limits.maxStringBytes()) {
      throw new MsgpackLimitException(MsgpackLimitException.Limit.STRING_LENGTH, len, limits.maxStringBytes(),
          "str of " + len + " bytes exceeds maxStringBytes " + limits.maxStringBytes() + " at offset " + (at + delta));
    }
    int n = (int) len;
    int start = at + headerSize;
    char[] chars = scratch;
    if (chars.length < n) {
      chars = new char[n];
      if (n <= MAX_KEPT_SCRATCH) scratch = chars;
    }
    String s = Utf8.decode(buf, start, n, chars, at + delta);
    pos = start + n;
    return s;
  }

  private byte[] readBin(long len, int at, String format, int headerSize) {
    need(at, headerSize + len, format);
    checkBinLength(len, at, "bin");
    int start = at + headerSize;
    byte[] b = new byte[(int) len];
    System.arraycopy(buf, start, b, 0, b.length);
    pos = start + b.length;
    return b;
  }

  private Object readExt(long len, int at, String format, int headerSize) {
    need(at, headerSize + len, format);
    checkBinLength(len, at, "ext payload");
    int type = buf[at + headerSize - 1];
    int start = at + headerSize;
    int n = (int) len;
    pos = start + n;
    if (ext == null) {
      byte[] data = new byte[n];
      System.arraycopy(buf, start, data, 0, n);
      return new MsgpackExt(type, data);
    }
    try {
      return ext.decode(type, buf, start, n);
    } catch (MsgpackException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MsgpackFormatException("ext type " + type + " at offset " + (at + delta) + " could not be decoded: "
          + e, at + delta, e);
    }
  }

  private void checkBinLength(long len, int at, String what) {
    if (len > limits.maxBinBytes()) {
      throw new MsgpackLimitException(MsgpackLimitException.Limit.BIN_LENGTH, len, limits.maxBinBytes(),
          what + " of " + len + " bytes exceeds maxBinBytes " + limits.maxBinBytes() + " at offset " + (at + delta));
    }
  }

  /** Requires {@code total} bytes from the type byte at {@code at}. */
  private void need(int at, long total, String format) {
    if (total > end - at) {
      throw truncated(format, at, total);
    }
  }

  /** Like {@link #need} for containers, whose size is only known to be at least {@code total}. */
  private void needAtLeast(int at, long total, String format) {
    if (total > end - at) {
      throw new MsgpackFormatException("truncated " + format + " at offset " + (at + delta) + ": need at least "
          + total + " bytes, have " + (end - at), at + delta);
    }
  }

  private MsgpackFormatException truncated(String format, int at, long total) {
    return new MsgpackFormatException("truncated " + format + " at offset " + (at + delta) + ": need " + total
        + (total == 1 ? " byte" : " bytes") + ", have " + (end - at), at + delta);
  }

  private int getShort() {
    int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  private int getInt() {
    int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  private long getLong() {
    long hi = getInt();
    return (hi << 32) | (getInt() & 0xffffffffL);
  }

  /** A short rendering of a map key for error messages. */
  /**
   * A uint64 read as the signed {@code v}: a Long up to {@link Long#MAX_VALUE}, a BigInteger above. A method of its
   * own so that the browser build can map it to a double without BigInteger (client-teavm-js's
   * {@code Uint64Transformer}).
   */
  static Object uint64(long v) {
    if (v >= 0) return v;
    return BigInteger.valueOf(v >>> 1).shiftLeft(1).or(BigInteger.valueOf(v & 1));
  }

    private static String describe(Object key) {
    if (key instanceof String) {
      String s = (String) key;
      if (s.length() > 40) s = s.substring(0, 40) + "...";
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (key instanceof byte[]) {
      byte[] b = (byte[]) key;
      return "bin " + (b.length <= 16 ? "[" + Hex.of(b, 0, b.length) + "]" : "of " + b.length + " bytes");
    }
    if (key instanceof List) return "array of " + ((List<?>) key).size() + " elements";
    if (key instanceof Map) return "map of " + ((Map<?, ?>) key).size() + " entries";
    return String.valueOf(key);
  }
}
