package org.libchan4j.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

/** Unmasker turns client frames into the same frames unmasked, however the input is split into reads. */
class UnmaskerTest {
  private static final MemoryManager<?> MEMORY = MemoryManager.DEFAULT_MEMORY_MANAGER;
  private final Random random = new Random(42);

  /** A frame as a client sends it (masked with {@code key}, or unmasked if null), and as it should come out. */
  private static byte[][] frame(int opcode, byte[] payload, byte[] key) {
    ByteArrayOutputStream masked = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    for (ByteArrayOutputStream out : new ByteArrayOutputStream[] {masked, plain}) {
      boolean withKey = out == masked && key != null;
      out.write(0x80 | opcode);
      int maskBit = withKey ? 0x80 : 0;
      if (payload.length < 126) {
        out.write(maskBit | payload.length);
      } else if (payload.length < 65536) {
        out.write(maskBit | 126);
        out.write(payload.length >> 8);
        out.write(payload.length);
      } else {
        out.write(maskBit | 127);
        for (int s = 56; s >= 0; s -= 8) out.write((int) ((long) payload.length >> s));
      }
      if (withKey) out.write(key, 0, 4);
      for (int i = 0; i < payload.length; i++) out.write(withKey ? payload[i] ^ key[i & 3] : payload[i]);
    }
    return new byte[][] {masked.toByteArray(), plain.toByteArray()};
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Feeds {@code input} in reads cut at {@code cuts} (ascending) and joins the output. */
  private static byte[] run(byte[] input, int... cuts) {
    Unmasker u = new Unmasker();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : input.length;
      Buffer read = Buffers.wrap(MEMORY, java.util.Arrays.copyOfRange(input, from, to));
      Buffer result = u.rewrite(read, MEMORY);
      byte[] b = new byte[result.remaining()];
      result.get(b);
      out.write(b, 0, b.length);
      from = to;
    }
    return out.toByteArray();
  }

  @Test
  void framesOfEveryLengthFormAreUnmaskedAndLoseTheirKey() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int length : new int[] {0, 1, 3, 125, 126, 127, 65535, 65536, 70001}) {
      byte[][] f = frame(2, bytes(length), bytes(4));
      in.write(f[0], 0, f[0].length);
      expected.write(f[1], 0, f[1].length);
    }
    byte[][] close = frame(8, new byte[] {3, (byte) 0xE8, 'b', 'y', 'e'}, bytes(4));
    in.write(close[0], 0, close[0].length);
    expected.write(close[1], 0, close[1].length);
    assertArrayEquals(expected.toByteArray(), run(in.toByteArray()));
  }

  @Test
  void everySplitPointOfAFewFramesGivesTheSameOutput() {
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int length : new int[] {5, 0, 130, 9}) {
      byte[][] f = frame(length == 0 ? 9 : 2, bytes(length), bytes(4));
      in.write(f[0], 0, f[0].length);
      expected.write(f[1], 0, f[1].length);
    }
    byte[] input = in.toByteArray();
    for (int a = 0; a <= input.length; a++) {
      for (int b = a; b <= input.length; b += 7) {
        assertArrayEquals(expected.toByteArray(), run(input, a, b), "cut at " + a + " and " + b);
      }
    }
  }

  @Test
  void anUnmaskedFrameIsRefusedAndNothingFromItOnPasses() {
    byte[][] first = frame(2, bytes(40), new byte[] {1, 2, 3, 4});
    byte[][] bare = frame(2, bytes(300), null);
    byte[][] after = frame(2, bytes(10), new byte[] {5, 6, 7, 8});
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(first[0]);
    input.writeBytes(bare[0]);
    input.writeBytes(after[0]);
    byte[] in = input.toByteArray();
    for (int cut = 1; cut < in.length; cut += 13) {
      Unmasker u = new Unmasker();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] part : new byte[][] {java.util.Arrays.copyOfRange(in, 0, cut),
          java.util.Arrays.copyOfRange(in, cut, in.length)}) {
        Buffer result = u.rewrite(Buffers.wrap(MEMORY, part), MEMORY);
        byte[] b = new byte[result.remaining()];
        result.get(b);
        out.writeBytes(b);
      }
      assertTrue(u.refusedUnmasked(), "cut at " + cut);
      assertArrayEquals(first[1], out.toByteArray(), "only the masked frame before it, cut at " + cut);
    }
    Unmasker clean = new Unmasker();
    clean.rewrite(Buffers.wrap(MEMORY, first[0]), MEMORY);
    assertFalse(clean.refusedUnmasked());
  }
}
