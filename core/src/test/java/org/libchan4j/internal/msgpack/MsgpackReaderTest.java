package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader's buffers, positions, reuse and value model. */
class MsgpackReaderTest {
  private final MsgpackReader reader = new MsgpackReader(MsgpackLimits.DEFAULT, null);

  @Test
  void valueModelTypes() {
    Object v = reader.readOnly(Bytes.of("96 01 ca 3f c0 00 00 cb 3f f8 00 00 00 00 00 00 c4 01 ff 81 a1 6b 90 d4 05 07"),
        0, 26);
    List<?> list = assertInstanceOf(ArrayList.class, v);
    assertInstanceOf(Long.class, list.get(0));
    assertInstanceOf(Float.class, list.get(1));
    assertInstanceOf(Double.class, list.get(2));
    assertInstanceOf(byte[].class, list.get(3));
    assertInstanceOf(LinkedHashMap.class, list.get(4));
    assertEquals(new MsgpackExt(5, new byte[] {7}), list.get(5));
  }

  @Test
  void mapsKeepInputOrder() {
    Map<?, ?> m = (Map<?, ?>) reader.readOnly(Bytes.of("83 a1 7a 01 a1 61 02 a1 6d 03"), 0, 10);
    assertEquals(List.of("z", "a", "m"), new ArrayList<>(m.keySet()));
  }

  @Test
  void heapByteBufferWithOffsetReportsBufferPositions() {
    byte[] backing = Bytes.of("ee ee 01 a1 61 c1");
    ByteBuffer bb = ByteBuffer.wrap(backing, 1, 5).slice(); // arrayOffset 1, position 0
    bb.position(1); // skips the second ee
    reader.reset(bb);
    assertEquals(1, reader.position());
    assertEquals(1L, reader.read());
    assertEquals("a", reader.read());
    assertEquals(4, reader.position());
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class, reader::read);
    assertEquals("invalid type byte 0xc1 at offset 4", e.getMessage());
    assertEquals(4, e.offset());
    assertEquals(1, bb.position(), "the buffer's own position is left alone");
  }

  @Test
  void directAndReadOnlyBuffersAreCopied() {
    ByteBuffer direct = ByteBuffer.allocateDirect(8);
    direct.put(Bytes.of("00 00 92 01 cd 01"));
    direct.flip().position(2);
    reader.reset(direct);
    assertEquals(2, reader.position());
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class, reader::read);
    assertEquals("truncated uint16 at offset 4: need 3 bytes, have 2", e.getMessage());
    assertEquals(2, direct.position());

    ByteBuffer readOnly = ByteBuffer.wrap(Bytes.of("a1 61")).asReadOnlyBuffer();
    reader.reset(readOnly);
    assertEquals("a", reader.read());
    assertTrue(!reader.hasRemaining());
  }

  @Test
  void resetRangeIsValidated() {
    assertThrows(IndexOutOfBoundsException.class, () -> reader.reset(new byte[4], 3, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> reader.reset(new byte[4], -1, 1));
  }

  @Test
  void readerIsReusableAfterAnError() {
    assertThrows(MsgpackFormatException.class, () -> reader.readOnly(Bytes.of("92 01"), 0, 2));
    assertValueEquals(List.of(1L, 2L), reader.readOnly(Bytes.of("92 01 02"), 0, 3), "after reset");
  }

  @Test
  void decodedValuesDoNotShareTheBuffer() {
    byte[] buf = Bytes.of("92 c4 01 07 d4 01 08");
    List<?> v = (List<?>) reader.readOnly(buf, 0, buf.length);
    buf[3] = 0;
    buf[6] = 0;
    assertValueEquals(List.of(new byte[] {7}, new MsgpackExt(1, new byte[] {8})), v, "after modifying the input");
  }

  @Test
  void longStringsDecode() {
    String s = "\u00e9\ud83d\ude00abc".repeat(5000);
    byte[] b = new MsgpackWriter(MsgpackProfile.STANDARD, null).write(s).write("short").toByteArray();
    reader.reset(b, 0, b.length);
    assertEquals(s, reader.read());
    assertEquals("short", reader.read());
  }

  @Test
  void limitsAreValidated() {
    assertEquals("MsgpackLimits{maxDepth=64, maxContainerSize=1000000, maxStringBytes=16777216, "
        + "maxBinBytes=16777216}", MsgpackLimits.DEFAULT.toString());
    assertEquals(64, MsgpackLimits.DEFAULT.maxDepth());
    assertEquals(1_000_000, MsgpackLimits.DEFAULT.maxContainerSize());
    assertEquals(16 << 20, MsgpackLimits.DEFAULT.maxStringBytes());
    assertEquals(16 << 20, MsgpackLimits.DEFAULT.maxBinBytes());
    assertEquals("maxStringBytes must be >= 0: -1",
        assertThrows(IllegalArgumentException.class, () -> new MsgpackLimits(1, 1, -1, 1)).getMessage());
  }

  @Test
  void extEqualityAndToString() {
    MsgpackExt a = new MsgpackExt(1, Bytes.of("01 00 00 00 03"));
    MsgpackExt b = new MsgpackExt(1, Bytes.of("01 00 00 00 03"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertTrue(!a.equals(new MsgpackExt(2, Bytes.of("01 00 00 00 03"))));
    assertTrue(!a.equals(new MsgpackExt(1, Bytes.of("01 00 00 00 04"))));
    assertEquals("MsgpackExt{type=1, data=01 00 00 00 03}", a.toString());
    assertEquals("MsgpackExt{type=-1, data=}", new MsgpackExt(-1, new byte[0]).toString());
  }
}
