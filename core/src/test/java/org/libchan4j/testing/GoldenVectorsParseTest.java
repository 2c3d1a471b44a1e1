package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.internal.msgpack.MsgpackExt;
import org.libchan4j.testing.GoldenVectors.Kind;
import org.libchan4j.testing.GoldenVectors.Vector;

/** The vector file format and the tagged JSON notation, so a typo in a vector is reported, not misread. */
class GoldenVectorsParseTest {
  @Test
  void parsesFieldsDescriptionContinuationsAndInlineComments() {
    Vector v = GoldenVectors.parse("frame-01-x.vec", String.join("\n",
        "# First line.",
        "# Second line.",
        "name: frame-01-x      # inline comment",
        "kind: decode-only     # one of ...",
        "hex: 81 a1 23",
        "  01",
        "value: {\"#\": 1}     # a '#' inside a JSON string is kept",
        "encodes-as: 81 a1",
        "\t23 01",
        ""));
    assertEquals("frame-01-x", v.name());
    assertEquals(Kind.DECODE_ONLY, v.kind());
    assertEquals("First line.\nSecond line.", v.description());
    assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0xa1, 0x23, 0x01}, v.hex());
    assertArrayEquals(v.hex(), v.encodesAs());
    assertTrue(v.hasValue());
    assertValueEquals(Map.of("#", 1L), v.value(), null);
    assertNull(v.error());
  }

  @Test
  void nilValueIsPresentButNull() {
    Vector v = GoldenVectors.parse("v.vec", "name: v\nkind: value\nhex: c0\nvalue: null\n");
    assertTrue(v.hasValue());
    assertNull(v.value());
  }

  @Test
  void emptyHexIsNoBytes() {
    Vector v = GoldenVectors.parse("v.vec", "name: v\nkind: reject-decode\nhex:\nerror: truncated\n");
    assertEquals(0, v.hex().length);
    assertFalse(v.hasValue());
  }

  @Test
  void reportsMistakesWithTheFileName() {
    assertError("name 'w' does not match the file", "name: w\nkind: value\nhex: c0\nvalue: null\n");
    assertError("unknown kind 'values'", "name: v\nkind: values\nhex: c0\nvalue: null\n");
    assertError("lower-case pairs", "name: v\nkind: value\nhex: C0\nvalue: null\n");
    assertError("lower-case pairs", "name: v\nkind: value\nhex: c0  c0\nvalue: null\n");
    assertError("lower-case pairs", "name: v\nkind: value\nhex: c\nvalue: null\n");
    assertError("kind value needs exactly the fields hex and value", "name: v\nkind: value\nhex: c0\n");
    assertError("kind decode-only needs", "name: v\nkind: decode-only\nhex: c0\nvalue: null\n");
    assertError("kind reject-decode needs", "name: v\nkind: reject-decode\nhex: c0\nvalue: null\nerror: x\n");
    assertError("field 'hex' given twice", "name: v\nkind: value\nhex: c0\nhex: c0\nvalue: null\n");
    assertError("expected one of", "name: v\nkind: value\nbytes: c0\nvalue: null\n");
    assertError("missing field 'kind'", "name: v\nhex: c0\nvalue: null\n");
    assertError("continuation without a field", "  c0\nname: v\n");
  }

  private static void assertError(String expected, String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parse("v.vec", text));
    assertTrue(e.getMessage().startsWith("v.vec: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void integersAreLongOrBigInteger() {
    assertValueEquals(9223372036854775807L, GoldenVectors.parseValue("9223372036854775807"), null);
    assertValueEquals(new BigInteger("9223372036854775808"), GoldenVectors.parseValue("9223372036854775808"), null);
    assertValueEquals(-9223372036854775808L, GoldenVectors.parseValue("-9223372036854775808"), null);
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("1.5"));
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("1e3"));
  }

  @Test
  void jsonIsStrict() {
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("abc"));
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("'a'"));
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("[1,]"));
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("1 2"));
  }

  @Test
  void tagsConvertToTheCodecModel() {
    assertValueEquals(1.5f, GoldenVectors.parseValue("{\"$f32\": 1.5}"), null);
    assertValueEquals(-0.0d, GoldenVectors.parseValue("{\"$f64\": -0.0}"), null);
    assertValueEquals(Double.NaN, GoldenVectors.parseValue("{\"$f64\": \"NaN\"}"), null);
    assertValueEquals(Float.NEGATIVE_INFINITY, GoldenVectors.parseValue("{\"$f32\": \"-Infinity\"}"), null);
    assertValueEquals(new byte[] {0, (byte) 0xff}, GoldenVectors.parseValue("{\"$bin\": \"00ff\"}"), null);
    assertValueEquals(new byte[] {(byte) 0xab, (byte) 0xab, (byte) 0xab},
        GoldenVectors.parseValue("{\"$bin\": {\"repeat\": \"ab\", \"count\": 3}}"), null);
    assertValueEquals("xyxy", GoldenVectors.parseValue("{\"$str\": {\"repeat\": \"xy\", \"count\": 2}}"), null);
    assertValueEquals(new MsgpackExt(-1, new byte[] {1, 2}), GoldenVectors.parseValue("{\"$ext\": [-1, \"0102\"]}"), null);
    assertValueEquals(new MsgpackExt(1, new byte[] {2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe}),
        GoldenVectors.parseValue("{\"$chan\": [2, 4294967294]}"), null);
    assertValueEquals(new MsgpackExt(2, new byte[] {0, 0, 1, 0}), GoldenVectors.parseValue("{\"$stream\": 256}"), null);
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("{\"$stream\": 4294967296}"));
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("{\"$chan\": [256, 1]}"));
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("{\"$f16\": 1}"));
  }

  @Test
  void mapsKeepFileOrderAndMapTagAllowsAnyKeys() {
    Map<Object, Object> expected = new LinkedHashMap<>();
    expected.put("b", 1L);
    expected.put("a", List.of(true, false));
    assertValueEquals(expected, GoldenVectors.parseValue("{\"b\": 1, \"a\": [true, false]}"), null);

    Map<Object, Object> keyed = new LinkedHashMap<>();
    keyed.put(1L, "one");
    keyed.put(null, new ArrayList<>());
    keyed.put("$f32", 2L);
    assertValueEquals(keyed, GoldenVectors.parseValue("{\"$map\": [[1, \"one\"], [null, []], [\"$f32\", 2]]}"), null);
    assertThrows(IllegalArgumentException.class, () -> GoldenVectors.parseValue("{\"$map\": [[1, 1], [1, 2]]}"));
  }
}
