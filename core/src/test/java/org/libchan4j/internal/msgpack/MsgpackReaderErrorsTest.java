package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.internal.msgpack.MsgpackLimitException.Limit;

/** Every way input can be rejected, with the exact exception type, message and offset. */
class MsgpackReaderErrorsTest {

  // ---- truncation at every length

  @Test
  void truncatedUint16() {
    byte[] full = Bytes.of("cd 01 00");
    assertTruncated(full, 0, "truncated value at offset 0: need 1 byte, have 0", 0);
    for (int k = 1; k < full.length; k++) {
      assertTruncated(full, k, "truncated uint16 at offset 0: need 3 bytes, have " + k, 0);
    }
  }

  @Test
  void truncatedFloat64() {
    byte[] full = Bytes.of("cb 3f f8 00 00 00 00 00 00");
    for (int k = 1; k < full.length; k++) {
      assertTruncated(full, k, "truncated float64 at offset 0: need 9 bytes, have " + k, 0);
    }
  }

  @Test
  void truncatedStr8() {
    byte[] full = Bytes.of("d9 03 61 62 63");
    assertTruncated(full, 1, "truncated str8 at offset 0: need 2 bytes, have 1", 0);
    for (int k = 2; k < full.length; k++) {
      assertTruncated(full, k, "truncated str8 at offset 0: need 5 bytes, have " + k, 0);
    }
  }

  @Test
  void truncatedChannelReference() {
    byte[] full = Bytes.of("c7 05 01 01 00 00 00 03");
    assertTruncated(full, 1, "truncated ext8 at offset 0: need 2 bytes, have 1", 0);
    for (int k = 2; k < full.length; k++) {
      assertTruncated(full, k, "truncated ext8 at offset 0: need 8 bytes, have " + k, 0);
    }
  }

  @Test
  void truncatedStreamReference() {
    byte[] full = Bytes.of("d6 02 00 00 00 07");
    for (int k = 1; k < full.length; k++) {
      assertTruncated(full, k, "truncated fixext4 at offset 0: need 6 bytes, have " + k, 0);
    }
  }

  @Test
  void truncatedFrameReportsTheInnermostValue() {
    // {"id": 1, "data": 65536}
    byte[] full = Bytes.of("82 a2 69 64 01 a4 64 61 74 61 ce 00 01 00 00");
    String[] expected = {
        "truncated value at offset 0: need 1 byte, have 0",
        "truncated fixmap at offset 0: need at least 5 bytes, have 1",
        "truncated fixmap at offset 0: need at least 5 bytes, have 2",
        "truncated fixmap at offset 0: need at least 5 bytes, have 3",
        "truncated fixmap at offset 0: need at least 5 bytes, have 4",
        "truncated value at offset 5: need 1 byte, have 0",
        "truncated fixstr at offset 5: need 5 bytes, have 1",
        "truncated fixstr at offset 5: need 5 bytes, have 2",
        "truncated fixstr at offset 5: need 5 bytes, have 3",
        "truncated fixstr at offset 5: need 5 bytes, have 4",
        "truncated value at offset 10: need 1 byte, have 0",
        "truncated uint32 at offset 10: need 5 bytes, have 1",
        "truncated uint32 at offset 10: need 5 bytes, have 2",
        "truncated uint32 at offset 10: need 5 bytes, have 3",
        "truncated uint32 at offset 10: need 5 bytes, have 4",
    };
    assertEquals(full.length, expected.length);
    for (int k = 0; k < full.length; k++) {
      assertTruncated(full, k, expected[k], offsetIn(expected[k]));
    }
  }

  private static int offsetIn(String message) {
    String s = message.substring(message.indexOf("at offset ") + 10);
    return Integer.parseInt(s.substring(0, s.indexOf(':')));
  }

  @Test
  void offsetsAreIndexesIntoTheWholeBuffer() {
    byte[] buf = Bytes.of("ff ff ff 92 01 cd 01");
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class,
        () -> reader().readOnly(buf, 3, 4));
    assertEquals("truncated uint16 at offset 5: need 3 bytes, have 2", e.getMessage());
    assertEquals(5, e.offset());
  }

  @Test
  void lengthsThatTheInputCannotHoldFailAsTruncatedBeforeAnyAllocation() {
    assertFormat("dd 80 00 00 00 01 02 03", "truncated array32 at offset 0: need at least 2147483653 bytes, have 8", 0);
    assertFormat("dd ff ff ff ff", "truncated array32 at offset 0: need at least 4294967300 bytes, have 5", 0);
    assertFormat("df ff ff ff ff 01", "truncated map32 at offset 0: need at least 8589934595 bytes, have 6", 0);
    assertFormat("de ff ff 01", "truncated map16 at offset 0: need at least 131073 bytes, have 4", 0);
    assertFormat("db ff ff ff ff 61", "truncated str32 at offset 0: need 4294967300 bytes, have 6", 0);
    assertFormat("c6 ff ff ff ff", "truncated bin32 at offset 0: need 4294967300 bytes, have 5", 0);
    assertFormat("c9 ff ff ff ff 01", "truncated ext32 at offset 0: need 4294967301 bytes, have 6", 0);
  }

  // ---- type byte, trailing bytes

  @Test
  void typeByteC1IsInvalidAnywhere() {
    assertFormat("c1", "invalid type byte 0xc1 at offset 0", 0);
    assertFormat("92 01 c1", "invalid type byte 0xc1 at offset 2", 2);
    assertFormat("81 c1 01", "invalid type byte 0xc1 at offset 1", 1);
  }

  @Test
  void readOnlyRefusesTrailingBytes() {
    assertFormat("c0 01 02", "trailing bytes: 2 after the value at offset 1", 1);
    assertFormat("91 01 c0", "trailing bytes: 1 after the value at offset 2", 2);
  }

  @Test
  void readStopsAfterOneValueAndReportsEndOfInput() {
    MsgpackReader r = reader();
    byte[] b = Bytes.of("01 a1 61 c0");
    r.reset(b, 0, b.length);
    assertEquals(1L, r.read());
    assertEquals(1, r.position());
    assertEquals("a", r.read());
    assertEquals(null, r.read());
    assertEquals(false, r.hasRemaining());
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class, r::read);
    assertEquals("truncated value at offset 4: need 1 byte, have 0", e.getMessage());
  }

  // ---- limits

  @Test
  void depthLimit() {
    MsgpackLimits limits = new MsgpackLimits(2, 100, 100, 100);
    assertValueEquals(List.of(List.of(1L)), read(limits, "91 91 01"), "depth 2");
    assertLimit(limits, "91 91 91 01", Limit.DEPTH, 3, 2, "nesting depth 3 exceeds maxDepth 2 at offset 2");
    assertLimit(limits, "81 a1 61 81 a1 62 80", Limit.DEPTH, 3, 2, "nesting depth 3 exceeds maxDepth 2 at offset 6");
    assertLimit(limits, "81 91 90 01", Limit.DEPTH, 3, 2, "nesting depth 3 exceeds maxDepth 2 at offset 2");
    MsgpackLimits scalarsOnly = new MsgpackLimits(0, 100, 100, 100);
    assertEquals(1L, read(scalarsOnly, "01"));
    assertLimit(scalarsOnly, "90", Limit.DEPTH, 1, 0, "nesting depth 1 exceeds maxDepth 0 at offset 0");
  }

  @Test
  void defaultDepthLimitIs64() {
    byte[] deep64 = Bytes.concat(Bytes.repeat(0x91, 64), Bytes.of("c0"));
    reader().readOnly(deep64, 0, deep64.length);
    byte[] deep65 = Bytes.concat(Bytes.repeat(0x91, 65), Bytes.of("c0"));
    MsgpackLimitException e = assertThrows(MsgpackLimitException.class,
        () -> reader().readOnly(deep65, 0, deep65.length));
    assertEquals("nesting depth 65 exceeds maxDepth 64 at offset 64", e.getMessage());
  }

  @Test
  void containerSizeLimitWithDefaults() {
    byte[] big = Bytes.concat(Bytes.of("dd 00 1e 84 80"), new byte[2_000_000]);
    MsgpackLimitException e = assertThrows(MsgpackLimitException.class,
        () -> reader().readOnly(big, 0, big.length));
    assertEquals("array of 2000000 elements exceeds maxContainerSize 1000000 at offset 0", e.getMessage());
    assertEquals(Limit.CONTAINER_SIZE, e.limit());
    assertEquals(2_000_000, e.actual());
    assertEquals(1_000_000, e.max());
  }

  @Test
  void containerSizeLimit() {
    MsgpackLimits limits = new MsgpackLimits(10, 2, 100, 100);
    assertValueEquals(List.of(1L, 2L), read(limits, "92 01 02"), "2 elements");
    assertLimit(limits, "93 01 02 03", Limit.CONTAINER_SIZE, 3, 2, "array of 3 elements exceeds maxContainerSize 2 at offset 0");
    assertLimit(limits, "91 83 01 01 02 02 03 03", Limit.CONTAINER_SIZE, 3, 2,
        "map of 3 entries exceeds maxContainerSize 2 at offset 1");
  }

  @Test
  void stringLimit() {
    MsgpackLimits limits = new MsgpackLimits(10, 10, 3, 100);
    assertEquals("aaa", read(limits, "a3 61 61 61"));
    assertLimit(limits, "a4 61 61 61 61", Limit.STRING_LENGTH, 4, 3, "str of 4 bytes exceeds maxStringBytes 3 at offset 0");
    assertLimit(limits, "91 d9 04 61 61 61 61", Limit.STRING_LENGTH, 4, 3,
        "str of 4 bytes exceeds maxStringBytes 3 at offset 1");
  }

  @Test
  void binLimitCoversBinAndExtPayloads() {
    MsgpackLimits limits = new MsgpackLimits(10, 10, 100, 3);
    assertValueEquals(Bytes.of("01 02 03"), read(limits, "c4 03 01 02 03"), "3 bytes");
    assertLimit(limits, "c4 04 01 02 03 04", Limit.BIN_LENGTH, 4, 3, "bin of 4 bytes exceeds maxBinBytes 3 at offset 0");
    assertValueEquals(new MsgpackExt(5, Bytes.of("01 02")), read(limits, "d5 05 01 02"), "fixext2");
    assertLimit(limits, "d6 02 00 00 00 07", Limit.BIN_LENGTH, 4, 3,
        "ext payload of 4 bytes exceeds maxBinBytes 3 at offset 0");
    assertLimit(limits, "c7 05 01 01 00 00 00 03", Limit.BIN_LENGTH, 5, 3,
        "ext payload of 5 bytes exceeds maxBinBytes 3 at offset 0");
  }

  // ---- invalid UTF-8

  @Test
  void invalidUtf8() {
    utf8("a2 c0 af", "overlong 2-byte sequence at string byte 0");
    utf8("a2 c1 bf", "overlong 2-byte sequence at string byte 0");
    utf8("a3 e0 80 af", "overlong 3-byte sequence at string byte 0");
    utf8("a3 e0 9f bf", "overlong 3-byte sequence at string byte 0");
    utf8("a4 f0 80 80 af", "overlong 4-byte sequence at string byte 0");
    utf8("a4 f0 8f bf bf", "overlong 4-byte sequence at string byte 0");
    utf8("a3 ed a0 80", "surrogate code point U+D800 at string byte 0");
    utf8("a4 61 ed bf bf", "surrogate code point U+DFFF at string byte 1");
    utf8("a6 ed a0 bd ed b8 80", "surrogate code point U+D83D at string byte 0"); // CESU-8 pair
    utf8("a4 f4 90 80 80", "code point U+110000 above U+10FFFF at string byte 0");
    utf8("a1 80", "unexpected continuation byte 0x80 at string byte 0");
    utf8("a3 61 62 bf", "unexpected continuation byte 0xbf at string byte 2");
    utf8("a1 f5", "invalid byte 0xf5 at string byte 0");
    utf8("a1 ff", "invalid byte 0xff at string byte 0");
    utf8("a1 c3", "truncated 2-byte sequence at string byte 0");
    utf8("a2 e2 82", "truncated 3-byte sequence at string byte 0");
    utf8("a3 61 f0 9f", "truncated 4-byte sequence at string byte 1");
    utf8("a2 c3 41", "2-byte sequence broken by 0x41 at string byte 0");
    utf8("a3 e2 28 a1", "3-byte sequence broken by 0x28 at string byte 0");
    utf8("a4 f0 9f 98 c0", "4-byte sequence broken by 0xc0 at string byte 0");
  }

  @Test
  void truncatedUtf8SequenceDoesNotReadPastTheStr() {
    // the str is 1 byte long; the continuation byte after it belongs to the next value
    assertFormat("92 a1 c3 a9", "invalid UTF-8 in str at offset 1: truncated 2-byte sequence at string byte 0", 1);
  }

  @Test
  void invalidUtf8OffsetIsTheStrTypeByte() {
    assertFormat("92 01 d9 02 c0 af", "invalid UTF-8 in str at offset 2: overlong 2-byte sequence at string byte 0", 2);
  }

  private static void utf8(String hex, String what) {
    assertFormat(hex, "invalid UTF-8 in str at offset 0: " + what, 0);
  }

  @Test
  void utf8BoundariesDecode() {
    assertEquals("\u007f", read("a1 7f"));
    assertEquals("\u0080", read("a2 c2 80"));
    assertEquals("\u07ff", read("a2 df bf"));
    assertEquals("\u0800", read("a3 e0 a0 80"));
    assertEquals("\ud7ff", read("a3 ed 9f bf"));
    assertEquals("\ue000", read("a3 ee 80 80"));
    assertEquals("\uffff", read("a3 ef bf bf"));
    assertEquals("\ud800\udc00", read("a4 f0 90 80 80"));
    assertEquals("\udbff\udfff", read("a4 f4 8f bf bf"));
    assertEquals("", read("a0"));
  }

  // ---- duplicate keys

  @Test
  void duplicateKeys() {
    assertFormat("82 a2 69 64 01 a2 69 64 02", "duplicate map key \"id\" at offset 5", 5);
    assertFormat("82 01 c0 01 c0", "duplicate map key 1 at offset 3", 3);
    assertFormat("82 c0 01 c0 02", "duplicate map key null at offset 3", 3);
    assertFormat("83 01 01 02 02 cc 01 03", "duplicate map key 1 at offset 5", 5); // same value, other format
    assertFormat("82 c4 01 00 c0 c4 01 00 c0", "duplicate map key bin [00] at offset 5", 5);
    assertFormat("82 d4 01 00 c0 d4 01 00 c0", "duplicate map key MsgpackExt{type=1, data=00} at offset 5", 5);
    assertFormat("82 91 01 c0 91 01 c0", "duplicate map key array of 1 elements at offset 4", 4);
    assertFormat("82 a2 22 5c c0 a2 22 5c c0", "duplicate map key \"\\\"\\\\\" at offset 5", 5);
  }

  @Test
  void equalLookingKeysOfDifferentTypesAreDistinct() {
    Map<Object, Object> expected = new LinkedHashMap<>();
    expected.put(1L, 1L);
    expected.put("1", 2L);
    expected.put(1.0d, 3L);
    expected.put(Bytes.of("01"), 4L);
    expected.put(Bytes.of("02"), 5L);
    assertValueEquals(expected, read("85 01 01 a1 31 02 cb 3f f0 00 00 00 00 00 00 03 c4 01 01 04 c4 01 02 05"),
        "mixed keys");
  }

  // ---- ext decoder

  @Test
  void extDecoderSeesThePayloadInPlace() {
    List<String> calls = new ArrayList<>();
    ExtDecoder decoder = (type, buf, off, len) -> {
      calls.add(type + ":" + off + ":" + len + ":" + Bytes.hex(Arrays.copyOfRange(buf, off, off + len)));
      return "ref" + type;
    };
    byte[] b = Bytes.of("ff 92 c7 05 01 02 00 00 00 03 d6 02 00 00 00 07");
    Object v = new MsgpackReader(MsgpackLimits.DEFAULT, decoder).readOnly(b, 1, b.length - 1);
    assertEquals(List.of("ref1", "ref2"), v);
    assertEquals(List.of("1:5:5:02 00 00 00 03", "2:12:4:00 00 00 07"), calls);
  }

  @Test
  void extDecoderMsgpackExceptionsPassThroughOthersAreWrapped() {
    ExtDecoder refusing = (type, buf, off, len) -> {
      throw new MsgpackFormatException("unknown ext type " + type + " at offset " + (off - 2), off - 2);
    };
    byte[] b = Bytes.of("91 d4 07 00");
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class,
        () -> new MsgpackReader(MsgpackLimits.DEFAULT, refusing).readOnly(b, 0, b.length));
    assertEquals("unknown ext type 7 at offset 1", e.getMessage());

    ExtDecoder buggy = (type, buf, off, len) -> {
      throw new IllegalStateException("boom");
    };
    MsgpackFormatException wrapped = assertThrows(MsgpackFormatException.class,
        () -> new MsgpackReader(MsgpackLimits.DEFAULT, buggy).readOnly(b, 0, b.length));
    assertEquals("ext type 7 at offset 1 could not be decoded: java.lang.IllegalStateException: boom",
        wrapped.getMessage());
    assertEquals(1, wrapped.offset());
    assertInstanceOf(IllegalStateException.class, wrapped.getCause());
  }

  // ---- helpers

  private static MsgpackReader reader() {
    return new MsgpackReader(MsgpackLimits.DEFAULT, null);
  }

  private static Object read(String hex) {
    return read(MsgpackLimits.DEFAULT, hex);
  }

  private static Object read(MsgpackLimits limits, String hex) {
    byte[] b = Bytes.of(hex);
    return new MsgpackReader(limits, null).readOnly(b, 0, b.length);
  }

  private static void assertTruncated(byte[] full, int k, String message, int offset) {
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class, () -> reader().readOnly(full, 0, k),
        "prefix of " + k + " bytes");
    assertEquals(message, e.getMessage(), "prefix of " + k + " bytes");
    assertEquals(offset, e.offset(), "offset for a prefix of " + k + " bytes");
    // read() (not readOnly) on the same prefix fails the same way
    MsgpackReader r = reader();
    r.reset(full, 0, k);
    assertEquals(message, assertThrows(MsgpackFormatException.class, r::read).getMessage());
  }

  private static void assertFormat(String hex, String message, int offset) {
    byte[] b = Bytes.of(hex);
    MsgpackFormatException e = assertThrows(MsgpackFormatException.class, () -> reader().readOnly(b, 0, b.length),
        hex);
    assertEquals(message, e.getMessage(), hex);
    assertEquals(offset, e.offset(), hex);
  }

  private static void assertLimit(MsgpackLimits limits, String hex, Limit limit, long actual, long max, String message) {
    MsgpackLimitException e = assertThrows(MsgpackLimitException.class, () -> read(limits, hex), hex);
    assertEquals(message, e.getMessage());
    assertEquals(limit, e.limit());
    assertEquals(actual, e.actual());
    assertEquals(max, e.max());
  }
}
