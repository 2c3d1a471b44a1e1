package org.libchan4j.testing;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.libchan4j.internal.msgpack.MsgpackExt;

/**
 * Strict equality and readable rendering for trees in the msgpack codec's value model (null, Boolean, Long,
 * BigInteger, Float, Double, String, byte[], List, Map, MsgpackExt). Types must match exactly (a Long never equals a
 * BigInteger or a Double), floats compare by raw bits, byte[] by content, maps by entries in iteration order.
 */
public final class MsgpackValues {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private MsgpackValues() {}

  /** Whether {@code a} and {@code b} are the same value tree under the rules above. */
  public static boolean deepEquals(Object a, Object b) {
    if (a == null || b == null) return a == b;
    if (a instanceof Float) {
      return b instanceof Float && Float.floatToRawIntBits((Float) a) == Float.floatToRawIntBits((Float) b);
    }
    if (a instanceof Double) {
      return b instanceof Double && Double.doubleToRawLongBits((Double) a) == Double.doubleToRawLongBits((Double) b);
    }
    if (a instanceof byte[]) return b instanceof byte[] && Arrays.equals((byte[]) a, (byte[]) b);
    if (a instanceof List) {
      if (!(b instanceof List)) return false;
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) return false;
      }
      return true;
    }
    if (a instanceof Map) {
      if (!(b instanceof Map) || ((Map<?, ?>) a).size() != ((Map<?, ?>) b).size()) return false;
      Iterator<? extends Map.Entry<?, ?>> x = ((Map<?, ?>) a).entrySet().iterator();
      Iterator<? extends Map.Entry<?, ?>> y = ((Map<?, ?>) b).entrySet().iterator();
      while (x.hasNext()) {
        Map.Entry<?, ?> ex = x.next();
        Map.Entry<?, ?> ey = y.next();
        if (!deepEquals(ex.getKey(), ey.getKey()) || !deepEquals(ex.getValue(), ey.getValue())) return false;
      }
      return true;
    }
    return a.getClass() == b.getClass() && a.equals(b);
  }

  /** Throws an AssertionError showing both trees unless they are {@link #deepEquals}. */
  public static void assertValueEquals(Object expected, Object actual, String context) {
    if (!deepEquals(expected, actual)) {
      throw new AssertionError((context == null ? "" : context + ": ") + "expected " + describe(expected)
          + " but was " + describe(actual));
    }
  }

  /** A rendering that shows types: {@code 1}, {@code 1n} (BigInteger), {@code 1.5f}, {@code 1.5d}, {@code bin[01]}. */
  public static String describe(Object v) {
    StringBuilder sb = new StringBuilder();
    describe(v, sb);
    return sb.toString();
  }

  private static void describe(Object v, StringBuilder sb) {
    if (sb.length() > 2000) {
      sb.append("...");
    } else if (v instanceof String) {
      String s = (String) v;
      sb.append('"').append(s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s).append('"');
    } else if (v instanceof BigInteger) {
      sb.append(v).append('n');
    } else if (v instanceof Float) {
      sb.append(v).append("f(0x").append(Integer.toHexString(Float.floatToRawIntBits((Float) v))).append(')');
    } else if (v instanceof Double) {
      sb.append(v).append("d(0x").append(Long.toHexString(Double.doubleToRawLongBits((Double) v))).append(')');
    } else if (v instanceof byte[]) {
      byte[] b = (byte[]) v;
      sb.append("bin[").append(b.length > 64 ? b.length + " bytes" : HEX.formatHex(b)).append(']');
    } else if (v instanceof List) {
      sb.append('[');
      String sep = "";
      for (Object o : (List<?>) v) {
        sb.append(sep);
        describe(o, sb);
        sep = ", ";
      }
      sb.append(']');
    } else if (v instanceof Map) {
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        sb.append(sep);
        describe(e.getKey(), sb);
        sb.append(": ");
        describe(e.getValue(), sb);
        sep = ", ";
      }
      sb.append('}');
    } else if (v instanceof MsgpackExt || v == null || v instanceof Boolean || v instanceof Long) {
      sb.append(v);
    } else {
      sb.append(v).append(" (").append(v.getClass().getName()).append(')');
    }
  }
}
