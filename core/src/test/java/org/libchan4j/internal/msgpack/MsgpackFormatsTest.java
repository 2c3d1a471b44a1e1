package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.libchan4j.internal.msgpack.Bytes.hex;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact bytes at every format boundary, for both profiles, in both directions: STANDARD must equal msgpack-core's
 * packer, JSCHAN differs only where a jschan peer needs it to, and the reader returns the value model.
 */
class MsgpackFormatsTest {
  private static final String JSCHAN_RANGE = " is outside the range a jschan peer decodes (int32/uint32)";

  // ---- integers

  @Test
  void positiveIntegersUseTheSmallestUnsignedFormat() {
    integer(0, "00");
    integer(127, "7f");
    integer(128, "cc 80");
    integer(255, "cc ff");
    integer(256, "cd 01 00");
    integer(65535, "cd ff ff");
    integer(65536, "ce 00 01 00 00");
    integer(0xffffffffL, "ce ff ff ff ff");
  }

  @Test
  void negativeIntegersUseTheSmallestSignedFormat() {
    integer(-1, "ff");
    integer(-31, "e1");
    integer(-33, "d0 df");
    integer(-128, "d0 80");
    integer(-129, "d1 ff 7f");
    integer(-32768, "d1 80 00");
    integer(-32769, "d2 ff ff 7f ff");
    integer(Integer.MIN_VALUE, "d2 80 00 00 00");
  }

  @Test
  void minus32IsFixintInStandardButInt8ForJschan() {
    assertEncodes(MsgpackProfile.STANDARD, -32L, "e0");
    assertEncodes(MsgpackProfile.JSCHAN, -32L, "d0 e0");
    assertDecodes("e0", -32L);
    assertDecodes("d0 e0", -32L);
    assertStandardMatchesMsgpackCore(-32L);
  }

  @Test
  void integersBeyond32BitsAreStandardOnly() {
    beyondJschan(0x100000000L, "cf 00 00 00 01 00 00 00 00");
    beyondJschan(Long.MAX_VALUE, "cf 7f ff ff ff ff ff ff ff");
    beyondJschan(Integer.MIN_VALUE - 1L, "d3 ff ff ff ff 7f ff ff ff");
    beyondJschan(Long.MIN_VALUE, "d3 80 00 00 00 00 00 00 00");
  }

  @Test
  void uint64AboveLongMaxIsBigInteger() {
    BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
    assertEncodes(MsgpackProfile.STANDARD, max, "cf ff ff ff ff ff ff ff ff");
    assertEncodes(MsgpackProfile.STANDARD, twoTo63, "cf 80 00 00 00 00 00 00 00");
    assertDecodes("cf ff ff ff ff ff ff ff ff", max);
    assertDecodes("cf 80 00 00 00 00 00 00 00", twoTo63);
    assertDecodes("cf 7f ff ff ff ff ff ff ff", Long.MAX_VALUE);
    assertStandardMatchesMsgpackCore(max);
    assertStandardMatchesMsgpackCore(twoTo63);
    assertRefused(MsgpackProfile.JSCHAN, max, "integer 18446744073709551615" + JSCHAN_RANGE);
  }

  @Test
  void bigIntegersWithinLongUseTheLongFormats() {
    assertEncodes(MsgpackProfile.STANDARD, BigInteger.valueOf(-32), "e0");
    assertEncodes(MsgpackProfile.JSCHAN, BigInteger.valueOf(-32), "d0 e0");
    assertEncodes(MsgpackProfile.JSCHAN, BigInteger.valueOf(0xffffffffL), "ce ff ff ff ff");
    assertRefused(MsgpackProfile.JSCHAN, BigInteger.valueOf(0x100000000L), "integer 4294967296" + JSCHAN_RANGE);
  }

  @Test
  void bigIntegersOutsideMsgpackAreRefusedByBothProfiles() {
    for (MsgpackProfile p : MsgpackProfile.values()) {
      assertRefused(p, BigInteger.ONE.shiftLeft(64), "integer 18446744073709551616 is outside msgpack's range -2^63..2^64-1");
      assertRefused(p, BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE),
          "integer -9223372036854775809 is outside msgpack's range -2^63..2^64-1");
    }
  }

  @Test
  void byteShortAndIntegerAreIntegersToo() {
    assertEncodes(MsgpackProfile.JSCHAN, (byte) -1, "ff");
    assertEncodes(MsgpackProfile.JSCHAN, (byte) -32, "d0 e0");
    assertEncodes(MsgpackProfile.STANDARD, (byte) -32, "e0");
    assertEncodes(MsgpackProfile.JSCHAN, (short) 300, "cd 01 2c");
    assertEncodes(MsgpackProfile.JSCHAN, Integer.MAX_VALUE, "ce 7f ff ff ff");
    assertEncodes(MsgpackProfile.JSCHAN, Integer.MIN_VALUE, "d2 80 00 00 00");
  }

  @Test
  void nonMinimalIntegerEncodingsDecodeToLong() {
    assertDecodes("cc 01", 1L);
    assertDecodes("cd 00 01", 1L);
    assertDecodes("ce 00 00 00 01", 1L);
    assertDecodes("cf 00 00 00 00 00 00 00 01", 1L);
    assertDecodes("d0 01", 1L);
    assertDecodes("d1 ff ff", -1L);
    assertDecodes("d2 ff ff ff ff", -1L);
    assertDecodes("d3 ff ff ff ff ff ff ff ff", -1L);
  }

  private static void integer(long v, String hex) {
    assertEncodes(MsgpackProfile.STANDARD, v, hex);
    assertEncodes(MsgpackProfile.JSCHAN, v, hex);
    assertDecodes(hex, v);
    assertStandardMatchesMsgpackCore(v);
  }

  private static void beyondJschan(long v, String hex) {
    assertEncodes(MsgpackProfile.STANDARD, v, hex);
    assertDecodes(hex, v);
    assertStandardMatchesMsgpackCore(v);
    assertRefused(MsgpackProfile.JSCHAN, v, "integer " + v + JSCHAN_RANGE);
  }

  // ---- nil, bool, floats

  @Test
  void nilAndBooleans() {
    both(null, "c0");
    both(false, "c2");
    both(true, "c3");
  }

  @Test
  void floatIsFloat32AndDoubleIsFloat64WithRawBits() {
    both(1.5f, "ca 3f c0 00 00");
    both(1.5d, "cb 3f f8 00 00 00 00 00 00");
    both(-0.0f, "ca 80 00 00 00");
    both(Float.intBitsToFloat(0x7fa00001), "ca 7f a0 00 01"); // a NaN payload survives
    both(Double.longBitsToDouble(0xfff0000000000001L), "cb ff f0 00 00 00 00 00 01");
    both(Double.POSITIVE_INFINITY, "cb 7f f0 00 00 00 00 00 00");
  }

  // ---- str, bin, array, map lengths

  @Test
  void stringHeadersByUtf8Length() {
    str(0, "a0");
    str(31, "bf");
    str(32, "d9 20");
    str(255, "d9 ff");
    str(256, "da 01 00");
    str(65535, "da ff ff");
    str(65536, "db 00 01 00 00");
  }

  @Test
  void stringLengthCountsUtf8BytesNotChars() {
    String s = "\u00e9".repeat(16); // 16 chars, 32 bytes
    byte[] expected = Bytes.concat(Bytes.of("d9 20"), s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertArrayEquals(expected, encode(MsgpackProfile.JSCHAN, s));
    both("\uD83D\uDE00", "a4 f0 9f 98 80");
    both("\u20ac", "a3 e2 82 ac");
  }

  private static void str(int n, String header) {
    String s = "x".repeat(n);
    assertContainer(s, header, Bytes.repeat('x', n));
  }

  @Test
  void binHeadersByLength() {
    bin(0, "c4 00");
    bin(31, "c4 1f");
    bin(32, "c4 20");
    bin(255, "c4 ff");
    bin(256, "c5 01 00");
    bin(65535, "c5 ff ff");
    bin(65536, "c6 00 01 00 00");
  }

  private static void bin(int n, String header) {
    byte[] b = Bytes.repeat(0xab, n);
    assertContainer(b, header, b);
  }

  @Test
  void arrayHeadersBySize() {
    array(0, "90");
    array(15, "9f");
    array(16, "dc 00 10");
    array(31, "dc 00 1f");
    array(32, "dc 00 20");
    array(255, "dc 00 ff");
    array(256, "dc 01 00");
    array(65535, "dc ff ff");
    array(65536, "dd 00 01 00 00");
  }

  private static void array(int n, String header) {
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < n; i++) list.add(1L);
    assertContainer(list, header, Bytes.repeat(0x01, n));
    assertArrayEquals(encode(MsgpackProfile.STANDARD, list), encode(MsgpackProfile.STANDARD, list.toArray()),
        "Object[] encodes like a List");
  }

  @Test
  void mapHeadersBySize() {
    map(0, "80");
    map(15, "8f");
    map(16, "de 00 10");
    map(31, "de 00 1f");
    map(32, "de 00 20");
    map(255, "de 00 ff");
    map(256, "de 01 00");
    map(65535, "de ff ff");
  }

  @Test
  void map32IsStandardOnly() {
    Map<Object, Object> m = numberedMap(65536);
    byte[] standard = encode(MsgpackProfile.STANDARD, m);
    assertEquals("df 00 01 00 00", hex(Arrays.copyOf(standard, 5)));
    assertValueEquals(m, decode(standard), "map32");
    assertStandardMatchesMsgpackCore(m);
    assertRefused(MsgpackProfile.JSCHAN, m,
        "map of 65536 entries needs map32, which a jschan peer cannot decode (at most 65535 entries)");
  }

  private static void map(int n, String header) {
    Map<Object, Object> m = numberedMap(n);
    MsgpackWriter entries = new MsgpackWriter(MsgpackProfile.STANDARD, null);
    for (Map.Entry<Object, Object> e : m.entrySet()) entries.write(e.getKey()).write(e.getValue());
    assertContainer(m, header, entries.toByteArray());
  }

  private static Map<Object, Object> numberedMap(int n) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) m.put((long) i, null);
    return m;
  }

  /** Both profiles write {@code header} then {@code body}; it decodes back; STANDARD equals msgpack-core. */
  private static void assertContainer(Object value, String header, byte[] body) {
    byte[] expected = Bytes.concat(Bytes.of(header), body);
    for (MsgpackProfile p : MsgpackProfile.values()) {
      byte[] actual = encode(p, value);
      assertEquals(header, hex(Arrays.copyOf(actual, Math.min(actual.length, Bytes.of(header).length))), p + " header");
      assertArrayEquals(expected, actual, p + " bytes");
    }
    assertValueEquals(value, decode(expected), "decoded " + header);
    assertStandardMatchesMsgpackCore(value);
  }

  // ---- ext

  @Test
  void extUsesFixextForExactSizesElseExt8Ext16Ext32() {
    ext(1, "d4 01");
    ext(2, "d5 01");
    ext(4, "d6 01");
    ext(8, "d7 01");
    ext(16, "d8 01");
    ext(0, "c7 00 01");
    ext(3, "c7 03 01");
    ext(5, "c7 05 01");
    ext(17, "c7 11 01");
    ext(32, "c7 20 01");
    ext(255, "c7 ff 01");
    ext(256, "c8 01 00 01");
    ext(65535, "c8 ff ff 01");
    ext(65536, "c9 00 01 00 00 01");
  }

  private static void ext(int n, String header) {
    byte[] payload = Bytes.repeat(0x5a, n);
    assertContainer(new MsgpackExt(1, payload), header, payload);
  }

  @Test
  void jschanReferenceEncodings() {
    both(new MsgpackExt(1, Bytes.of("01 00 00 00 03")), "c7 05 01 01 00 00 00 03");
    both(new MsgpackExt(2, Bytes.of("00 00 00 07")), "d6 02 00 00 00 07");
  }

  @Test
  void extTypesOtherThan1And2AreStandardOnly() {
    for (int type : new int[] {-128, -1, 0, 3, 127}) {
      MsgpackExt e = new MsgpackExt(type, Bytes.of("00 00 00 00"));
      assertEncodes(MsgpackProfile.STANDARD, e, "d6 " + hex(new byte[] {(byte) type}) + " 00 00 00 00");
      assertDecodes(hex(encode(MsgpackProfile.STANDARD, e)), e);
      assertStandardMatchesMsgpackCore(e);
      assertRefused(MsgpackProfile.JSCHAN, e,
          "ext type " + type + " is not decodable by a jschan peer (only 1, channel, and 2, byte stream)");
    }
  }

  // ---- helpers

  private static void both(Object value, String hex) {
    assertEncodes(MsgpackProfile.STANDARD, value, hex);
    assertEncodes(MsgpackProfile.JSCHAN, value, hex);
    assertDecodes(hex, value);
    assertStandardMatchesMsgpackCore(value);
  }

  static byte[] encode(MsgpackProfile profile, Object value) {
    return new MsgpackWriter(profile, null).write(value).toByteArray();
  }

  private static Object decode(byte[] bytes) {
    return new MsgpackReader(MsgpackLimits.DEFAULT, null).readOnly(bytes, 0, bytes.length);
  }

  private static void assertEncodes(MsgpackProfile profile, Object value, String hex) {
    assertEquals(hex, hex(encode(profile, value)), profile + " encoding of " + value);
  }

  private static void assertDecodes(String hex, Object expected) {
    Object decoded = decode(Bytes.of(hex));
    Object normalized = expected instanceof Number && !(expected instanceof BigInteger) && !(expected instanceof Float)
        && !(expected instanceof Double) ? ((Number) expected).longValue() : expected;
    assertValueEquals(normalized, decoded, "decoding " + hex);
  }

  private static void assertRefused(MsgpackProfile profile, Object value, String message) {
    MsgpackEncodeException e = assertThrows(MsgpackEncodeException.class, () -> encode(profile, value));
    assertEquals(message, e.getMessage());
  }

  private static void assertStandardMatchesMsgpackCore(Object value) {
    assertEquals(hex(MsgpackCore.pack(value)), hex(encode(MsgpackProfile.STANDARD, value)),
        "STANDARD vs msgpack-core for " + value);
  }
}
