package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written UTF-8 against the JDK's strict codec, on generated input. */
class Utf8Test {
  /** Bytes that hit every branch of the decoder: ASCII, continuations, every lead-byte class, invalid bytes. */
  private static final int[] ALPHABET = {
      0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee,
      0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfe, 0xff};

  @Test
  void decodeAcceptsExactlyWhatTheJdkStrictDecoderAccepts() {
    Random random = new Random(1);
    CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder(); // REPORT on malformed input by default
    int valid = 0;
    int samples = 100_000;
    for (int i = 0; i < samples; i++) {
      byte[] b = sample(random);
      String expected;
      try {
        expected = jdk.decode(ByteBuffer.wrap(b)).toString();
      } catch (CharacterCodingException e) {
        expected = null;
      }
      String actual;
      try {
        actual = Utf8.decode(b, 0, b.length, new char[b.length], 0);
      } catch (MsgpackFormatException e) {
        assertTrue(e.getMessage().startsWith("invalid UTF-8 in str at offset 0: "), e.getMessage());
        actual = null;
      }
      assertEquals(expected, actual, Bytes.hex(b));
      if (actual != null) valid++;
    }
    assertTrue(valid > samples / 5 && valid < samples * 4 / 5, "valid samples: " + valid + " of " + samples);
  }

  /** 1-3 pieces, each a valid code point's encoding, a damaged one, or bytes from the alphabet. */
  private static byte[] sample(Random random) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      int cp = switch (random.nextInt(5)) {
        case 0 -> random.nextInt(0x80);
        case 1 -> 0x80 + random.nextInt(0x780);
        case 2 -> 0x800 + random.nextInt(0xf800);
        case 3 -> 0x10000 + random.nextInt(0x100000);
        default -> -1;
      };
      byte[] piece;
      if (cp < 0) {
        piece = new byte[1 + random.nextInt(3)];
        for (int j = 0; j < piece.length; j++) piece[j] = (byte) ALPHABET[random.nextInt(ALPHABET.length)];
      } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
        piece = new byte[] {(byte) 0xed, (byte) (0xa0 | ((cp >> 6) & 0x1f)), (byte) (0x80 | (cp & 0x3f))};
      } else {
        piece = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      }
      int damage = random.nextInt(6);
      if (damage == 0 && piece.length > 1) {
        piece = java.util.Arrays.copyOf(piece, piece.length - 1);
      } else if (damage == 1) {
        piece[random.nextInt(piece.length)] = (byte) ALPHABET[random.nextInt(ALPHABET.length)];
      }
      out.writeBytes(piece);
    }
    return out.toByteArray();
  }

  @Test
  void encodeMatchesTheJdkForEveryCodePointClass() {
    Random random = new Random(2);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        switch (random.nextInt(4)) {
          case 0 -> sb.append((char) random.nextInt(0x80));
          case 1 -> sb.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
          case 2 -> {
            char c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
            sb.append(Character.isSurrogate(c) ? 'x' : c);
          }
          default -> sb.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
        }
      }
      String s = sb.toString();
      byte[] expected = s.getBytes(StandardCharsets.UTF_8);
      assertEquals(expected.length, Utf8.encodedLength(s));
      byte[] actual = new byte[expected.length + 2];
      assertEquals(expected.length + 1, Utf8.encode(s, actual, 1));
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 1, expected.length + 1), s);
      assertEquals(s, Utf8.decode(actual, 1, expected.length, new char[expected.length], 0));
    }
  }
}
