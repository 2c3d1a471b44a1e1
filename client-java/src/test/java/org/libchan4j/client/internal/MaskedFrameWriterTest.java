package org.libchan4j.client.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The client's frames are RFC 6455 binary frames: FIN, opcode 2, the shortest length form, masked with the key. */
class MaskedFrameWriterTest {
  private final Random random = new Random(7);

  @Test
  void everyLengthFormCarriesThePayloadMaskedWithTheKey() {
    for (int n : new int[] {0, 1, 5, 125, 126, 127, 65535, 65536, 70000}) {
      byte[] payload = new byte[n];
      random.nextBytes(payload);
      byte[] key = {(byte) 0x9A, 0x11, (byte) 0xF0, 0x3C};
      ByteBuffer message = ByteBuffer.wrap(payload);
      byte[] frame = MaskedFrameWriter.frame(message, key);
      assertEquals(0, message.remaining(), "the message is consumed");
      assertEquals((byte) 0x82, frame[0], "FIN, binary");
      int len7 = frame[1] & 0x7F;
      assertEquals(0x80, frame[1] & 0x80, "masked");
      int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
      assertEquals(n < 126 ? 0 : n < 65536 ? 2 : 8, lengthBytes, "shortest length form for " + n);
      long length = len7;
      if (lengthBytes > 0) {
        length = 0;
        for (int k = 2; k < 2 + lengthBytes; k++) length = (length << 8) | (frame[k] & 0xFF);
      }
      assertEquals(n, length);
      int keyAt = 2 + lengthBytes;
      assertArrayEquals(key, Arrays.copyOfRange(frame, keyAt, keyAt + 4));
      byte[] unmasked = new byte[n];
      for (int i = 0; i < n; i++) unmasked[i] = (byte) (frame[keyAt + 4 + i] ^ key[i & 3]);
      assertArrayEquals(payload, unmasked, "payload of " + n + " bytes");
      assertEquals(keyAt + 4 + n, frame.length);
    }
  }

  @Test
  void aSliceOfALargerArrayIsFramedFromItsPosition() {
    byte[] backing = new byte[100];
    for (int i = 0; i < backing.length; i++) backing[i] = (byte) i;
    ByteBuffer message = ByteBuffer.wrap(backing, 10, 30).slice();
    byte[] frame = MaskedFrameWriter.frame(message, new byte[] {0, 0, 0, 0});
    assertArrayEquals(Arrays.copyOfRange(backing, 10, 40), Arrays.copyOfRange(frame, 6, frame.length));
  }
}
