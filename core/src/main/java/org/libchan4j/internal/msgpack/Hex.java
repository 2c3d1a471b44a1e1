package org.libchan4j.internal.msgpack;

/** Lower-case hex rendering for messages and toString. */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /** {@code "01 ab ff"}: the bytes of {@code b[off..off+len)} as space-separated pairs. */
  static String of(byte[] b, int off, int len) {
    if (len == 0) return "";
    char[] out = new char[len * 3 - 1];
    for (int i = 0; i < len; i++) {
      int v = b[off + i] & 0xff;
      int j = i * 3;
      if (i > 0) out[j - 1] = ' ';
      out[j] = DIGITS[v >>> 4];
      out[j + 1] = DIGITS[v & 0xf];
    }
    return new String(out);
  }

  /** {@code "0xc1"}: one byte. */
  static String ofByte(int b) {
    return "0x" + DIGITS[(b >>> 4) & 0xf] + DIGITS[b & 0xf];
  }
}
