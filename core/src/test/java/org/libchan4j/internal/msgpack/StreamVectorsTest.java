package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libchan4j.testing.StreamVectors;
import org.libchan4j.testing.StreamVectors.Record;

/**
 * The raw-stream vectors say what PROTOCOL.md section 2.2 says: a frame record is the frame's length then the
 * frame as the codec writes it; a close record is a zero length, the payload length, the code and the UTF-8 reason.
 * (The socket module runs the same vectors through its transport.)
 */
class StreamVectorsTest {

  static Stream<Named<Record>> records() {
    return StreamVectors.loadAll().stream().map(r -> Named.of(r.file(), r));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void record(Record r) {
    ByteBuffer b = ByteBuffer.wrap(r.hex());
    long length = Integer.toUnsignedLong(b.getInt());
    if (r.isFrame()) {
      byte[] frame = Arrays.copyOfRange(r.hex(), 4, r.hex().length);
      assertEquals(frame.length, length, "the length word covers exactly the frame");
      assertArrayEquals(new MsgpackWriter(MsgpackProfile.JSCHAN, null).write(r.frame()).toByteArray(), frame);
      assertValueEquals(r.frame(), new MsgpackReader(MsgpackLimits.DEFAULT, null).readOnly(frame, 0, frame.length),
          "decoded frame");
    } else {
      assertEquals(0, length, "a close record starts with a zero length");
      byte[] reason = r.reason().getBytes(StandardCharsets.UTF_8);
      assertEquals(2 + reason.length, Integer.toUnsignedLong(b.getInt()), "payload length");
      assertEquals(r.code(), Short.toUnsignedInt(b.getShort()), "code");
      assertArrayEquals(reason, Arrays.copyOfRange(r.hex(), 10, r.hex().length), "reason");
    }
  }

  @Test
  void indexListsExactlyTheRecordFilesSorted() throws IOException {
    Path dir = Path.of("src/test/resources", StreamVectors.DIRECTORY);
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rec")).forEach(onDisk::add);
    }
    assertEquals(new ArrayList<>(onDisk), StreamVectors.index(), "vectors/stream/index.txt must list every *.rec file");
    List<Record> all = StreamVectors.loadAll();
    assertTrue(all.stream().anyMatch(Record::isFrame) && all.stream().anyMatch(r -> !r.isFrame()));
  }
}
