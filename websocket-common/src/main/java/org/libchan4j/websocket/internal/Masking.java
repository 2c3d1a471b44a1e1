package org.libchan4j.websocket.internal;

/**
 * Internal: WebSocket masking (RFC 6455 section 5.3), the one loop the Java client (masking what it sends) and the
 * server (unmasking what clients send) share. XOR is its own inverse, so both directions are the same operation.
 * Plain local variables, four bytes a step: Tyrus's own loop goes through volatile fields per byte (about 8 ns a
 * byte on the benchmark machine).
 */
public final class Masking {
  private Masking() {}

  /**
   * Writes {@code count} bytes of {@code src} from {@code from} into {@code dst} at {@code to}, XORed with {@code key}
   * as if the first of them were byte {@code keyOffset} of the frame's payload.
   */
  public static void apply(byte[] src, int from, byte[] dst, int to, int count, byte[] key, long keyOffset) {
    int k = (int) (keyOffset & 3);
    byte k0 = key[k], k1 = key[(k + 1) & 3], k2 = key[(k + 2) & 3], k3 = key[(k + 3) & 3];
    int j = 0;
    for (; j + 4 <= count; j += 4) {
      dst[to + j] = (byte) (src[from + j] ^ k0);
      dst[to + j + 1] = (byte) (src[from + j + 1] ^ k1);
      dst[to + j + 2] = (byte) (src[from + j + 2] ^ k2);
      dst[to + j + 3] = (byte) (src[from + j + 3] ^ k3);
    }
    for (; j < count; j++) dst[to + j] = (byte) (src[from + j] ^ key[(k + j) & 3]);
  }
}
