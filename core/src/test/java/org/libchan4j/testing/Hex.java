package org.libchan4j.testing;

/** Hex helpers for tests: "83 a2 69 64" and "83a26964" both decode. */
public final class Hex {
  private Hex() {}

  public static byte[] decode(String hex) {
    String s = hex.replaceAll("\\s+", "");
    if (s.length() % 2 != 0) throw new IllegalArgumentException("odd hex length: " + hex);
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    return out;
  }

  public static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < bytes.length; i++) {
      if (i > 0) sb.append(' ');
      sb.append(String.format("%02x", bytes[i] & 0xFF));
    }
    return sb.toString();
  }
}
