package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated inputs: the reader returns a value or throws a MsgpackException, never anything else
 * (no IndexOutOfBounds, NegativeArraySize, OutOfMemory, StackOverflow), with default limits, with tight limits and
 * a strict ExtDecoder, and reading value after value. Whatever it accepts, msgpack-core reads to the same value.
 */
class MsgpackRobustnessTest {
  private static final int INPUTS = 100_000;
  /** Type bytes that declare lengths or nesting, to reach the interesting paths more often than uniform bytes do. */
  private static final int[] HEADERS = {
      0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc1, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xcf, 0xd3, 0xd4, 0xd8, 0xd9, 0xda,
      0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff, 0x00};

  @Test
  void neverThrowsAnythingButMsgpackException() {
    ValueGenerator generator = new ValueGenerator(7, 3);
    Random random = generator.random();
    MsgpackWriter writer = new MsgpackWriter(MsgpackProfile.STANDARD, null);
    MsgpackReader lenient = new MsgpackReader(MsgpackLimits.DEFAULT, null);
    MsgpackReader tight = new MsgpackReader(new MsgpackLimits(3, 8, 16, 16), strictReferences());
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input;
      if (i % 3 == 0) {
        input = randomBytes(random);
      } else {
        writer.reset();
        input = mutate(random, writer.write(generator.next()).toByteArray());
      }
      int off = random.nextInt(3);
      byte[] buf = new byte[off + input.length + random.nextInt(3)];
      System.arraycopy(input, 0, buf, off, input.length);
      Object decoded = decode(lenient, buf, off, input.length);
      if (decoded != FAILED) {
        accepted++;
        assertValueEquals(msgpackCore(input), decoded, "msgpack-core on accepted input " + Bytes.hex(input));
      } else {
        rejected++;
      }
      // the other reading modes on a share of the inputs, to keep the run short
      if (i % 2 == 0) decode(tight, buf, off, input.length);
      if (i % 4 == 1) streamAll(lenient, buf, off, input.length);
    }
    assertTrue(accepted > INPUTS / 10 && rejected > INPUTS / 4, "accepted " + accepted + ", rejected " + rejected);
  }

  private static final Object FAILED = new Object();

  /** readOnly, returning FAILED on a MsgpackException and failing the test on anything else. */
  private static Object decode(MsgpackReader reader, byte[] buf, int off, int len) {
    try {
      return reader.readOnly(buf, off, len);
    } catch (MsgpackFormatException e) {
      if (e.offset() < off || e.offset() > off + len) fail("offset " + e.offset() + " outside the input: " + e.getMessage());
      return FAILED;
    } catch (MsgpackException e) {
      return FAILED;
    } catch (Throwable t) {
      throw new AssertionError("input " + Bytes.hex(Arrays.copyOfRange(buf, off, off + len)) + " threw " + t, t);
    }
  }

  /** read() until the input ends or fails. */
  private static void streamAll(MsgpackReader reader, byte[] buf, int off, int len) {
    try {
      reader.reset(buf, off, len);
      while (reader.hasRemaining()) reader.read();
    } catch (MsgpackException e) {
      // expected for most inputs
    } catch (Throwable t) {
      throw new AssertionError("input " + Bytes.hex(Arrays.copyOfRange(buf, off, off + len)) + " threw " + t, t);
    }
  }

  private static byte[] randomBytes(Random random) {
    byte[] b = new byte[random.nextInt(40)];
    random.nextBytes(b);
    for (int i = 0; i < b.length; i++) {
      if (random.nextInt(3) == 0) b[i] = (byte) HEADERS[random.nextInt(HEADERS.length)];
    }
    return b;
  }

  private static byte[] mutate(Random random, byte[] valid) {
    byte[] b = valid;
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      switch (random.nextInt(6)) {
        case 0: // truncate
          b = Arrays.copyOf(b, random.nextInt(b.length + 1));
          break;
        case 1: // overwrite with a header byte
          if (b.length > 0) b[random.nextInt(b.length)] = (byte) HEADERS[random.nextInt(HEADERS.length)];
          break;
        case 2: // overwrite with a random byte
          if (b.length > 0) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          break;
        case 3: { // insert a byte
          int at = random.nextInt(b.length + 1);
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) random.nextInt(256);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
          break;
        }
        case 4: { // delete a byte
          if (b.length == 0) break;
          int at = random.nextInt(b.length);
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
          break;
        }
        default: // set a length byte to its maximum
          if (b.length > 1) b[1 + random.nextInt(b.length - 1)] = (byte) 0xff;
      }
    }
    return b;
  }

  /** An ExtDecoder as the session layer will have: only well-formed references, else a format error. */
  private static ExtDecoder strictReferences() {
    return (type, buf, off, len) -> {
      if (type == 1 && len == 5 && (buf[off] == 1 || buf[off] == 2)) return "chan";
      if (type == 2 && len == 4) return "stream";
      throw new MsgpackFormatException("unknown reference: ext type " + type + " of " + len + " bytes", off);
    };
  }

  /** msgpack-core's reading of input our reader accepted, mapped to our value model. */
  private static Object msgpackCore(byte[] input) {
    try {
      return MsgpackCore.unpack(input);
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("msgpack-core rejects input we accepted: " + Bytes.hex(input), e);
    }
  }
}
