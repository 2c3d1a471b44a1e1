package org.libchan4j.js;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.internal.msgpack.MsgpackExt;

/**
 * An exact text form of codec values, used to carry golden-vector values between the JVM test and the
 * TeaVM-compiled {@link VectorHook} (this same class runs on both sides). JSON-shaped, with no escapes:
 * {@code null}, {@code true}, {@code false}, {@code {"i":"-12"}} (any integer), {@code {"f32":bits}},
 * {@code {"f64":"bits"}}, {@code {"s":"0068..."}} (UTF-16 units in hex), {@code {"b":"00ff"}} (bin),
 * {@code {"a":[...]}}, {@code {"m":[[k,v],...]}}, {@code {"x":[type,"hex"]}} (ext).
 */
final class CanonicalValues {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final String text;
  private int pos;

  private CanonicalValues(String text) {
    this.text = text;
  }

  static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Boolean) {
      sb.append(((Boolean) v) ? "true" : "false");
    } else if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
      sb.append("{\"i\":\"").append(v.toString()).append("\"}");
    } else if (v instanceof Float) {
      sb.append("{\"f32\":").append(Float.floatToRawIntBits((Float) v)).append('}');
    } else if (v instanceof Double) {
      sb.append("{\"f64\":\"").append(Double.doubleToRawLongBits((Double) v)).append("\"}");
    } else if (v instanceof String) {
      String s = (String) v;
      sb.append("{\"s\":\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        sb.append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
      }
      sb.append("\"}");
    } else if (v instanceof byte[]) {
      sb.append("{\"b\":\"").append(hex((byte[]) v)).append("\"}");
    } else if (v instanceof List) {
      sb.append("{\"a\":[");
      boolean first = true;
      for (Object item : (List<?>) v) {
        if (!first) sb.append(',');
        first = false;
        write(item, sb);
      }
      sb.append("]}");
    } else if (v instanceof Map) {
      sb.append("{\"m\":[");
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) sb.append(',');
        first = false;
        sb.append('[');
        write(e.getKey(), sb);
        sb.append(',');
        write(e.getValue(), sb);
        sb.append(']');
      }
      sb.append("]}");
    } else if (v instanceof MsgpackExt) {
      MsgpackExt e = (MsgpackExt) v;
      sb.append("{\"x\":[").append(e.type()).append(",\"").append(hex(e.data())).append("\"]}");
    } else {
      throw new IllegalArgumentException("no canonical form for " + v.getClass().getName());
    }
  }

  static Object read(String text) {
    CanonicalValues r = new CanonicalValues(text);
    Object v = r.value();
    if (r.pos != text.length()) throw r.error("text after the value");
    return v;
  }

  private Object value() {
    if (text.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    if (text.startsWith("true", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    expect('{');
    String tag = string();
    expect(':');
    Object v;
    switch (tag) {
      case "i": {
        BigInteger i = new BigInteger(string());
        v = i.bitLength() <= 63 ? (Object) i.longValue() : i;
        break;
      }
      case "f32":
        v = Float.intBitsToFloat((int) number());
        break;
      case "f64":
        v = Double.longBitsToDouble(Long.parseLong(string()));
        break;
      case "s": {
        byte[] units = unhex(string());
        char[] chars = new char[units.length / 2];
        for (int i = 0; i < chars.length; i++) chars[i] = (char) ((units[2 * i] & 0xff) << 8 | units[2 * i + 1] & 0xff);
        v = new String(chars);
        break;
      }
      case "b":
        v = unhex(string());
        break;
      case "a": {
        List<Object> list = new ArrayList<>();
        expect('[');
        while (!take(']')) {
          if (!list.isEmpty()) expect(',');
          list.add(value());
        }
        v = list;
        break;
      }
      case "m": {
        Map<Object, Object> map = new LinkedHashMap<>();
        expect('[');
        while (!take(']')) {
          if (!map.isEmpty()) expect(',');
          expect('[');
          Object key = value();
          expect(',');
          map.put(key, value());
          expect(']');
        }
        v = map;
        break;
      }
      case "x": {
        expect('[');
        int type = (int) number();
        expect(',');
        v = new MsgpackExt(type, unhex(string()));
        expect(']');
        break;
      }
      default:
        throw error("unknown tag " + tag);
    }
    expect('}');
    return v;
  }

  private String string() {
    expect('"');
    int end = text.indexOf('"', pos);
    if (end < 0) throw error("unterminated string");
    String s = text.substring(pos, end);
    pos = end + 1;
    return s;
  }

  private long number() {
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '-') pos++;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
    return Long.parseLong(text.substring(start, pos));
  }

  private boolean take(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!take(c)) throw error("expected '" + c + "'");
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + pos + " in " + text);
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[bytes[i] >> 4 & 15];
      out[2 * i + 1] = HEX[bytes[i] & 15];
    }
    return new String(out);
  }

  static byte[] unhex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (Character.digit(s.charAt(2 * i), 16) << 4 | Character.digit(s.charAt(2 * i + 1), 16));
    }
    return out;
  }
}
