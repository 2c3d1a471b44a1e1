package org.libchan4j.internal.msgpack;

import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.libchan4j.testing.MsgpackValues;

/**
 * Fuzzes {@link MsgpackReader} (coverage-guided; regression mode replays {@code MsgpackReaderFuzzTestInputs/}).
 * Invariants, for any bytes, any limits and an ext decoder that may throw anything: the reader throws nothing but
 * {@link MsgpackException} (a format error's offset lies inside the input); what it accepts msgpack-core reads to
 * the same value, and the writer re-encodes it (STANDARD always, JSCHAN or a {@link MsgpackEncodeException}) to
 * bytes that read back to the same value. Memory: the fuzzing run's heap is small (core/pom.xml), so an allocation
 * driven by a declared length instead of the input fails the run with an OutOfMemoryError.
 */
class MsgpackReaderFuzzTest {

  @FuzzTest
  void read(FuzzedDataProvider data) {
    int mode = data.consumeInt(0, 3);
    MsgpackLimits limits = mode == 0 ? MsgpackLimits.DEFAULT
        : new MsgpackLimits(data.consumeInt(0, 70), data.consumeInt(0, 300), data.consumeInt(0, 300),
            data.consumeInt(0, 300));
    ExtDecoder ext = mode == 2 ? throwingDecoder() : null;
    int off = data.consumeInt(0, 3);
    int slack = data.consumeInt(0, 3);
    byte[] input = data.consumeRemainingAsBytes();
    byte[] buf = new byte[off + input.length + slack];
    System.arraycopy(input, 0, buf, off, input.length);
    MsgpackReader reader = new MsgpackReader(limits, ext);

    if (mode == 3) {
      streamAll(reader, buf, off, input.length);
      return;
    }
    Object value;
    try {
      value = reader.readOnly(buf, off, input.length);
    } catch (MsgpackFormatException e) {
      if (e.offset() < off || e.offset() > off + input.length) {
        throw new AssertionError("offset " + e.offset() + " outside the input at " + off + ": " + e.getMessage(), e);
      }
      return;
    } catch (MsgpackException e) {
      return;
    }
    if (ext == null) assertValueEquals(msgpackCore(input), value, "msgpack-core on accepted input");
    roundTrip(value, MsgpackProfile.STANDARD, limits, ext);
    try {
      roundTrip(value, MsgpackProfile.JSCHAN, limits, ext);
    } catch (MsgpackEncodeException e) {
      // outside the jschan subset (int64, map32, other ext types): refused, as documented
    }
  }

  /** read() value after value until the input ends or a MsgpackException. */
  private static void streamAll(MsgpackReader reader, byte[] buf, int off, int len) {
    reader.reset(buf, off, len);
    int last = reader.position();
    try {
      while (reader.hasRemaining()) {
        reader.read();
        if (reader.position() <= last || reader.position() > off + len) {
          throw new AssertionError("position " + reader.position() + " after " + last + " in [" + off + ", " + (off + len) + "]");
        }
        last = reader.position();
      }
    } catch (MsgpackException e) {
      // malformed or over a limit: the documented outcome
    }
  }

  private static void roundTrip(Object value, MsgpackProfile profile, MsgpackLimits limits, ExtDecoder ext) {
    byte[] encoded = new MsgpackWriter(profile, null).write(value).toByteArray();
    Object again = new MsgpackReader(limits, ext).readOnly(encoded, 0, encoded.length);
    assertValueEquals(value, again, profile + " re-encoding of " + MsgpackValues.describe(value));
  }

  /** Ext decoders are application code: whatever they throw must come out as a MsgpackException. */
  private static ExtDecoder throwingDecoder() {
    return (type, buf, offset, length) -> {
      switch (type & 3) {
        case 0: return new MsgpackExt(type, java.util.Arrays.copyOfRange(buf, offset, offset + length));
        case 1: throw new IllegalStateException("decoder refuses type " + type);
        case 2: throw new MsgpackFormatException("bad payload", offset);
        default: return (long) buf[offset + length]; // one past the payload: may be past the buffer's end too
      }
    };
  }

  private static Object msgpackCore(byte[] input) {
    try {
      return MsgpackCore.unpack(input);
    } catch (IOException | RuntimeException e) {
      throw new AssertionError("msgpack-core rejects input the reader accepted: " + Bytes.hex(input), e);
    }
  }
}
