package org.libchan4j.internal.msgpack;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random value trees of every type the writer accepts, weighted towards format boundaries: integers near
 * every size edge in every Java integer type, strings mixing 1- to 4-byte UTF-8 (now and then long enough for
 * str16/str32 and msgpack-core's large-string path), bins and exts of fixext and boundary sizes, nested lists,
 * Object[] and maps with keys of any type.
 */
final class ValueGenerator {
  private static final long[] INTEGER_EDGES = {
      0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, Integer.MAX_VALUE, 1L << 31, 0xffffffffL, 1L << 32,
      Long.MAX_VALUE, -1, -31, -32, -33, -128, -129, -32768, -32769, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
      Long.MIN_VALUE};
  private static final int[] SIZE_EDGES = {0, 1, 2, 3, 4, 5, 8, 15, 16, 17, 31, 32, 255, 256};

  private final Random random;
  private final int maxDepth;

  ValueGenerator(long seed, int maxDepth) {
    this.random = new Random(seed);
    this.maxDepth = maxDepth;
  }

  Random random() {
    return random;
  }

  /** A value tree. */
  Object next() {
    return value(0);
  }

  private Object value(int depth) {
    int k = random.nextInt(depth >= maxDepth ? 11 : 15);
    switch (k) {
      case 0: return null;
      case 1: return random.nextBoolean();
      case 2: case 3: case 4: return integer();
      case 5: return random.nextBoolean() ? (Object) float32() : (Object) float64();
      case 6: case 7: return string();
      case 8: return bytes(size());
      case 9: case 10: return ext();
      case 11: case 12: return list(depth + 1);
      case 13: return random.nextInt(4) == 0 ? list(depth + 1).toArray() : list(depth + 1);
      default: return map(depth + 1);
    }
  }

  Object integer() {
    long v;
    switch (random.nextInt(5)) {
      case 0: case 1:
        v = INTEGER_EDGES[random.nextInt(INTEGER_EDGES.length)] + random.nextInt(3) - 1; // may wrap: fine
        break;
      case 2:
        v = random.nextLong() >> random.nextInt(64);
        break;
      case 3:
        v = random.nextInt(256) - 64;
        break;
      default:
        if (random.nextInt(4) == 0) { // uint64 above Long.MAX_VALUE
          return new BigInteger(1, longBytes(random.nextLong() | Long.MIN_VALUE));
        }
        v = random.nextLong() >> random.nextInt(64);
        return BigInteger.valueOf(v);
    }
    int t = random.nextInt(4);
    if (t == 0 && v == (byte) v) return (byte) v;
    if (t == 1 && v == (short) v) return (short) v;
    if (t == 2 && v == (int) v) return (int) v;
    return v;
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private float float32() {
    switch (random.nextInt(4)) {
      case 0: return Float.intBitsToFloat(random.nextInt()); // any bits, NaN payloads included
      case 1: return new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
          Float.MIN_VALUE, Float.MAX_VALUE, 1.5f}[random.nextInt(8)];
      default: return (float) random.nextGaussian() * 1000;
    }
  }

  private double float64() {
    switch (random.nextInt(4)) {
      case 0: return Double.longBitsToDouble(random.nextLong());
      case 1: return new double[] {0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE,
          Double.MAX_VALUE, 0.1}[random.nextInt(7)];
      default: return random.nextGaussian() * 1e6;
    }
  }

  String string() {
    int r = random.nextInt(1000);
    if (r < 300) return ascii(random.nextInt(12));
    if (r < 400) return ascii(SIZE_EDGES[random.nextInt(SIZE_EDGES.length)]);
    if (r < 990) return unicode(random.nextInt(40));
    if (r < 998) return unicode(300 + random.nextInt(3000)); // str16 and msgpack-core's large-string path
    return random.nextBoolean() ? ascii(65535 + random.nextInt(3)) : unicode(22_000 + random.nextInt(2000)); // str32
  }

  private String ascii(int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append((char) (0x20 + random.nextInt(0x5f)));
    return sb.toString();
  }

  private String unicode(int chars) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < chars) {
      switch (random.nextInt(4)) {
        case 0: sb.append((char) random.nextInt(0x80)); break;
        case 1: sb.append((char) (0x80 + random.nextInt(0x780))); break;
        case 2: {
          char c = (char) (0x800 + random.nextInt(0xf800));
          sb.append(Character.isSurrogate(c) ? '\u20ac' : c);
          break;
        }
        default: sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
      }
    }
    return sb.toString();
  }

  private int size() {
    int r = random.nextInt(1000);
    if (r < 500) return random.nextInt(20);
    if (r < 995) return SIZE_EDGES[random.nextInt(SIZE_EDGES.length)];
    return 65535 + random.nextInt(3);
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private MsgpackExt ext() {
    int r = random.nextInt(10);
    if (r < 5) { // channel reference
      byte[] payload = bytes(5);
      payload[0] = (byte) (1 + random.nextInt(2));
      return new MsgpackExt(1, payload);
    }
    if (r < 7) return new MsgpackExt(2, bytes(4)); // byte-stream reference
    return new MsgpackExt(random.nextInt(256) - 128, bytes(size()));
  }

  private List<Object> list(int depth) {
    int n = random.nextInt(10) == 0 ? SIZE_EDGES[random.nextInt(SIZE_EDGES.length - 2)] : random.nextInt(5);
    List<Object> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) list.add(value(depth));
    return list;
  }

  private Map<Object, Object> map(int depth) {
    int n = random.nextInt(10) == 0 ? SIZE_EDGES[random.nextInt(SIZE_EDGES.length - 2)] : random.nextInt(5);
    Map<Object, Object> map = new LinkedHashMap<>();
    Set<Object> decodedKeys = new HashSet<>(); // keys as the reader will see them, so none is a duplicate there
    for (int i = 0; i < n; i++) {
      Object key = random.nextInt(3) == 0 ? value(depth) : ascii(1 + random.nextInt(8));
      Object decoded = normalize(key);
      if (decoded instanceof byte[]) decoded = ByteBuffer.wrap((byte[]) decoded);
      if (decodedKeys.add(decoded)) map.put(key, value(depth));
    }
    return map;
  }

  /** The value the reader returns for the encoding of {@code v}. */
  static Object normalize(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer) return ((Number) v).longValue();
    if (v instanceof BigInteger && ((BigInteger) v).bitLength() <= 63) return ((BigInteger) v).longValue();
    if (v instanceof Object[]) return normalize(java.util.Arrays.asList((Object[]) v));
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) out.add(normalize(o));
      return out;
    }
    if (v instanceof Map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) out.put(normalize(e.getKey()), normalize(e.getValue()));
      return out;
    }
    return v;
  }

  /** Whether the JSCHAN profile can encode {@code v}: 32-bit integers, maps up to 65535, ext types 1 and 2. */
  static boolean jschanEncodable(Object v) {
    Object n = v instanceof Object[] ? java.util.Arrays.asList((Object[]) v) : v;
    if (n instanceof Number && !(n instanceof Float) && !(n instanceof Double)) {
      BigInteger b = n instanceof BigInteger ? (BigInteger) n : BigInteger.valueOf(((Number) n).longValue());
      return b.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) >= 0 && b.compareTo(BigInteger.valueOf(0xffffffffL)) <= 0;
    }
    if (n instanceof MsgpackExt) return ((MsgpackExt) n).type() == 1 || ((MsgpackExt) n).type() == 2;
    if (n instanceof List) return ((List<?>) n).stream().allMatch(ValueGenerator::jschanEncodable);
    if (n instanceof Map) {
      Map<?, ?> m = (Map<?, ?>) n;
      return m.size() <= 65535 && m.entrySet().stream()
          .allMatch(e -> jschanEncodable(e.getKey()) && jschanEncodable(e.getValue()));
    }
    return true;
  }

  /** Whether {@code v} holds the integer -32 anywhere (the one value JSCHAN encodes differently). */
  static boolean containsMinus32(Object v) {
    Object n = v instanceof Object[] ? java.util.Arrays.asList((Object[]) v) : v;
    if (n instanceof Number && !(n instanceof Float) && !(n instanceof Double)) {
      return n instanceof BigInteger ? n.equals(BigInteger.valueOf(-32)) : ((Number) n).longValue() == -32;
    }
    if (n instanceof List) return ((List<?>) n).stream().anyMatch(ValueGenerator::containsMinus32);
    if (n instanceof Map) {
      return ((Map<?, ?>) n).entrySet().stream().anyMatch(e -> containsMinus32(e.getKey()) || containsMinus32(e.getValue()));
    }
    return false;
  }
}
