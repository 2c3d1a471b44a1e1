package org.libchan4j.socket.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;

/**
 * The raw stream framing of PROTOCOL.md section 2.2, without I/O: a frame record is {@code [len uint32 BE][frame]}
 * with {@code len >= 1}; a close record is {@code [00 00 00 00][n uint32 BE][code uint16 BE][reason UTF-8]} with
 * {@code 2 <= n <= 125}.
 */
public final class StreamFraming {
  /** Bytes of a length word. */
  public static final int HEADER = 4;
  /** Most UTF-8 bytes of a close reason (as in a WebSocket close frame). */
  public static final int MAX_REASON_BYTES = 123;

  private StreamFraming() {}

  /** The length word of a frame of {@code length} bytes. */
  public static void putHeader(byte[] into, int length) {
    into[0] = (byte) (length >>> 24);
    into[1] = (byte) (length >>> 16);
    into[2] = (byte) (length >>> 8);
    into[3] = (byte) length;
  }

  /** The unsigned value of a length word. */
  public static long header(byte[] word) {
    return ((word[0] & 0xffL) << 24) | ((word[1] & 0xff) << 16) | ((word[2] & 0xff) << 8) | (word[3] & 0xff);
  }

  /** A whole frame record (for tests and vectors; the transport writes header and frame separately). */
  public static byte[] frameRecord(byte[] frame) {
    if (frame.length == 0) throw new IllegalArgumentException("a frame is at least 1 byte");
    byte[] out = new byte[HEADER + frame.length];
    putHeader(out, frame.length);
    System.arraycopy(frame, 0, out, HEADER, frame.length);
    return out;
  }

  /**
   * The close record for {@code code} and {@code reason}. Codes that are never sent (1005, 1006, 1015: reported
   * locally only) become 1011, as on a WebSocket; the reason is cut to 123 UTF-8 bytes at a character boundary.
   */
  public static byte[] closeRecord(int code, String reason) {
    int sent = (code == 1005 || code == CloseCodes.ABNORMAL || code == 1015 || code < 0 || code > 0xffff)
        ? CloseCodes.INTERNAL_ERROR : code;
    byte[] text = truncate(reason);
    int n = 2 + text.length;
    byte[] out = new byte[2 * HEADER + n];
    byte[] word = new byte[HEADER];
    putHeader(word, n);
    System.arraycopy(word, 0, out, HEADER, HEADER);
    out[2 * HEADER] = (byte) (sent >>> 8);
    out[2 * HEADER + 1] = (byte) sent;
    System.arraycopy(text, 0, out, 2 * HEADER + 2, text.length);
    return out;
  }

  /** Checks a close record's payload length {@code n} (the word after the zero length). */
  public static int closePayloadLength(long n) {
    if (n < 2 || n > 2 + MAX_REASON_BYTES) {
      throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "bad close record: payload of " + n
          + " bytes (2 to 125 expected)");
    }
    return (int) n;
  }

  /** A close record's code and reason from its payload. */
  public static Close parseClose(byte[] payload) {
    int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    try {
      String reason = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload, 2, payload.length - 2))
          .toString();
      return new Close(code, reason);
    } catch (CharacterCodingException e) {
      throw new ProtocolException(CloseCodes.INVALID_DATA, "bad close record: reason is not UTF-8");
    }
  }

  /** A close record's content. */
  public record Close(int code, String reason) {}

  static byte[] truncate(String reason) {
    byte[] b = (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8);
    if (b.length <= MAX_REASON_BYTES) return b;
    int n = MAX_REASON_BYTES;
    while (n > 0 && (b[n] & 0xC0) == 0x80) n--; // do not cut a UTF-8 sequence
    byte[] cut = new byte[n];
    System.arraycopy(b, 0, cut, 0, n);
    return cut;
  }
}
