package org.libchan4j.internal.msgpack;

/**
 * Strict UTF-8 by hand (TeaVM-safe, no charset machinery). Encoding rejects unpaired surrogates; decoding rejects
 * everything Unicode's well-formed byte sequences table excludes: stray continuation bytes, overlong forms, encoded
 * surrogates, code points above U+10FFFF, truncated sequences, bytes 0xF5..0xFF.
 */
final class Utf8 {
  private Utf8() {}

  /** Number of UTF-8 bytes {@code s} encodes to; throws if it holds an unpaired surrogate. */
  static long encodedLength(String s) {
    int n = s.length();
    long len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) {
        len += 1;
      } else if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
        len += 2;
      } else if (c <= Character.MAX_HIGH_SURROGATE && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 2; // 4 bytes for the 2 chars of a pair
        i++;
      } else {
        throw new MsgpackEncodeException("cannot encode string: unpaired surrogate U+"
            + Integer.toHexString(c).toUpperCase() + " at index " + i + " has no UTF-8 form");
      }
    }
    return len;
  }

  /** Writes {@code s} (already checked by {@link #encodedLength}) at {@code out[pos]}; returns the end position. */
  static int encode(String s, byte[] out, int pos) {
    int n = s.length();
    int i = 0;
    while (i < n) { // ASCII fast path
      char c = s.charAt(i);
      if (c >= 0x80) break;
      out[pos++] = (byte) c;
      i++;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[pos++] = (byte) c;
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xc0 | (c >>> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[pos++] = (byte) (0xf0 | (cp >>> 18));
        out[pos++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
        out[pos++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
        out[pos++] = (byte) (0x80 | (cp & 0x3f));
      } else {
        out[pos++] = (byte) (0xe0 | (c >>> 12));
        out[pos++] = (byte) (0x80 | ((c >>> 6) & 0x3f));
        out[pos++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return pos;
  }

  /**
   * Decodes {@code b[off..off+len)} using {@code scratch} (at least {@code len} chars). Throws a
   * {@link MsgpackFormatException} at {@code valueOffset} (the str's type byte) naming the first invalid sequence.
   */
  static String decode(byte[] b, int off, int len, char[] scratch, int valueOffset) {
    int end = off + len;
    int i = off;
    int n = 0;
    while (i < end) { // ASCII fast path
      byte x = b[i];
      if (x < 0) break;
      scratch[n++] = (char) x;
      i++;
    }
    while (i < end) {
      int lead = b[i] & 0xff;
      if (lead < 0x80) {
        scratch[n++] = (char) lead;
        i++;
        continue;
      }
      int extra;
      int min;
      if (lead < 0xc0) {
        throw invalid("unexpected continuation byte " + Hex.ofByte(lead), i - off, valueOffset);
      } else if (lead < 0xe0) {
        extra = 1;
        min = 0x80;
      } else if (lead < 0xf0) {
        extra = 2;
        min = 0x800;
      } else if (lead < 0xf5) {
        extra = 3;
        min = 0x10000;
      } else {
        throw invalid("invalid byte " + Hex.ofByte(lead), i - off, valueOffset);
      }
      int cp = lead & (0x3f >>> extra);
      for (int k = 1; k <= extra; k++) {
        if (i + k >= end) {
          throw invalid("truncated " + (extra + 1) + "-byte sequence", i - off, valueOffset);
        }
        int c = b[i + k] & 0xff;
        if ((c & 0xc0) != 0x80) {
          throw invalid((extra + 1) + "-byte sequence broken by " + Hex.ofByte(c), i - off, valueOffset);
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (cp < min) {
        throw invalid("overlong " + (extra + 1) + "-byte sequence", i - off, valueOffset);
      }
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        throw invalid("surrogate code point U+" + Integer.toHexString(cp).toUpperCase(), i - off, valueOffset);
      }
      if (cp > Character.MAX_CODE_POINT) {
        throw invalid("code point U+" + Integer.toHexString(cp).toUpperCase() + " above U+10FFFF", i - off,
            valueOffset);
      }
      if (cp < 0x10000) {
        scratch[n++] = (char) cp;
      } else {
        scratch[n++] = Character.highSurrogate(cp);
        scratch[n++] = Character.lowSurrogate(cp);
      }
      i += extra + 1;
    }
    return new String(scratch, 0, n);
  }

  private static MsgpackFormatException invalid(String what, int stringByte, int valueOffset) {
    return new MsgpackFormatException("invalid UTF-8 in str at offset " + valueOffset + ": " + what
        + " at string byte " + stringByte, valueOffset);
  }
}
