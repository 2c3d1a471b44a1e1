package org.libchan4j.websocket.internal;

/**
 * Internal: reading a WebSocket frame header (RFC 6455 section 5.2) out of its bytes, for the places that follow a
 * connection's frames as they arrive: the server's FrameGuard scan and Unmasker, the Java client's inbound frames.
 */
public final class FrameHeader {
  private FrameHeader() {}

  /** Extended-length bytes after the first two: 0, 2 or 8, from the second header byte. */
  public static int lengthBytes(byte second) {
    int len7 = second & 0x7F;
    return len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
  }

  /** Whether the MASK bit of the second header byte is set. */
  public static boolean masked(byte second) {
    return (second & 0x80) != 0;
  }

  /** The whole header's size: 2, the extended length, and the masking key if there is one. */
  public static int size(byte second) {
    return 2 + lengthBytes(second) + (masked(second) ? 4 : 0);
  }

  /** The payload length of a complete header; negative for a 64-bit length above 2^63 - 1. */
  public static long payloadLength(byte[] header) {
    int n = lengthBytes(header[1]);
    if (n == 0) return header[1] & 0x7F;
    long length = 0;
    for (int k = 2; k < 2 + n; k++) length = (length << 8) | (header[k] & 0xFF);
    return length;
  }
}
