package org.libchan4j.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.value.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * libchan4j's msgpack codec against msgpack-core on the same value trees. Encode: reused writer/packer, result copied
 * out as a byte[] by both. Decode: into a generic tree (libchan4j: Java maps and lists; msgpack-core: its
 * {@code Value} tree), reused reader/unpacker.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
  @Param({"small-map", "bin-1KiB", "two-channels"})
  public String message;

  private Object value;
  private byte[] encoded;
  private MsgpackWriter writer;
  private MsgpackReader reader;
  private MessageBufferPacker packer;
  private ArrayBufferInput input;
  private MessageUnpacker unpacker;

  @Setup
  public void setup() throws IOException {
    value = Fixtures.named(message);
    writer = new MsgpackWriter(MsgpackProfile.JSCHAN, null);
    reader = new MsgpackReader(MsgpackLimits.DEFAULT, null);
    packer = MessagePack.newDefaultBufferPacker();
    encoded = encodeLibchan4j();
    if (!java.util.Arrays.equals(encoded, encodeMsgpackCore())) {
      throw new IllegalStateException(message + ": the two codecs disagree on the bytes");
    }
    input = new ArrayBufferInput(encoded);
    unpacker = MessagePack.newDefaultUnpacker(input);
  }

  @Benchmark
  public byte[] encodeLibchan4j() {
    writer.reset();
    writer.write(value);
    return writer.toByteArray();
  }

  @Benchmark
  public byte[] encodeMsgpackCore() throws IOException {
    packer.clear();
    MsgpackCoreCodec.pack(packer, value);
    return packer.toByteArray();
  }

  @Benchmark
  public Object decodeLibchan4j() {
    return reader.readOnly(encoded, 0, encoded.length);
  }

  @Benchmark
  public Value decodeMsgpackCore() throws IOException {
    input.reset(encoded);
    unpacker.reset(input);
    return unpacker.unpackValue();
  }
}
