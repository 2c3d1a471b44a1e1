package org.libchan4j.internal.msgpack;

import java.util.HexFormat;

/** Hex helpers for the codec tests: {@code "cd 01 00"} to bytes and back. */
final class Bytes {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  private Bytes() {}

  /** Bytes from space-separated lower-case pairs. */
  static byte[] of(String hex) {
    return hex.isEmpty() ? new byte[0] : HEX.parseHex(hex);
  }

  /** Space-separated lower-case pairs. */
  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }

  /** {@code n} copies of {@code b}. */
  static byte[] repeat(int b, int n) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }

  /** The concatenation of the given arrays. */
  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
