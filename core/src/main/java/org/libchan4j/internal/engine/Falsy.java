package org.libchan4j.internal.engine;

import java.math.BigInteger;

/** Internal: the values JavaScript treats as false, which jschan reads as the end of a channel. */
final class Falsy {
  private Falsy() {}

  /** A description of {@code value} if jschan would read it as falsy, else {@code null}. */
  static String describe(Object value) {
    if (value == null) return "null";
    if (value instanceof Boolean) return ((Boolean) value) ? null : "false";
    if (value instanceof String) return ((String) value).isEmpty() ? "an empty string" : null;
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue() == 0 ? "the number 0" : null;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return d == 0 || Double.isNaN(d) ? "the number " + d : null;
    }
    if (value instanceof BigInteger) return ((BigInteger) value).signum() == 0 ? "the number 0" : null;
    return null;
  }
}
