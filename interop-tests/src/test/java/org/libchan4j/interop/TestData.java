package org.libchan4j.interop;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Deterministic test bytes both sides can produce: {@code bytes()} in common.js is the same generator. */
final class TestData {
  private TestData() {}

  /** n bytes: xorshift32 from {@code seed}, the low byte of each step. */
  static byte[] bytes(int n, int seed) {
    byte[] out = new byte[n];
    int x = seed;
    for (int i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] = (byte) x;
    }
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
