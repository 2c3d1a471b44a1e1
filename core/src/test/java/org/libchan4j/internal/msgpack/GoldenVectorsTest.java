package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libchan4j.testing.MsgpackValues.assertValueEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.libchan4j.testing.GoldenVectors;
import org.libchan4j.testing.GoldenVectors.Kind;
import org.libchan4j.testing.GoldenVectors.Vector;

/** Runs every vector file (value-*, frame-*, ...) against the reader and the JSCHAN writer, as its kind says. */
class GoldenVectorsTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

  static Stream<Named<Vector>> vectors() {
    return GoldenVectors.loadAll().stream().map(v -> Named.of(v.file(), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void vector(Vector v) {
    switch (v.kind()) {
      case VALUE, FRAME -> {
        assertHex(v.hex(), encode(v.value()), "JSCHAN encoding");
        assertValueEquals(v.value(), decode(v.hex()), "decoded value");
      }
      case DECODE_ONLY -> {
        assertValueEquals(v.value(), decode(v.hex()), "decoded value");
        assertHex(v.encodesAs(), encode(v.value()), "JSCHAN encoding");
        assertFalse(Arrays.equals(v.hex(), v.encodesAs()), "decode-only vector whose hex is what we encode: make it a value vector");
      }
      case REJECT_ENCODE -> {
        MsgpackEncodeException e = assertThrows(MsgpackEncodeException.class, () -> encode(v.value()));
        assertContains(v.error(), e.getMessage());
        if (v.hex() != null) assertValueEquals(v.value(), decode(v.hex()), "decoded naive encoding");
      }
      case REJECT_DECODE -> {
        MsgpackException e = assertThrows(MsgpackException.class, () -> decode(v.hex()));
        assertContains(v.error(), e.getMessage());
      }
      default -> throw new AssertionError(v.kind());
    }
  }

  private static byte[] encode(Object value) {
    return new MsgpackWriter(MsgpackProfile.JSCHAN, null).write(value).toByteArray();
  }

  private static Object decode(byte[] bytes) {
    return new MsgpackReader(MsgpackLimits.DEFAULT, null).readOnly(bytes, 0, bytes.length);
  }

  private static void assertHex(byte[] expected, byte[] actual, String what) {
    assertEquals(HEX.formatHex(expected), HEX.formatHex(actual), what);
  }

  private static void assertContains(String expected, String message) {
    assertTrue(message.contains(expected), "message \"" + message + "\" should contain \"" + expected + "\"");
  }

  @Test
  void indexListsExactlyTheVectorFilesSorted() throws IOException {
    Path dir = Path.of("src/test/resources", GoldenVectors.DIRECTORY);
    assertTrue(Files.isDirectory(dir), "run from the core module directory: " + dir.toAbsolutePath());
    Set<String> onDisk = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".vec")).forEach(onDisk::add);
    }
    List<String> index = GoldenVectors.index();
    assertEquals(new ArrayList<>(onDisk), index, "vectors/index.txt must list every *.vec file, sorted, once");
  }

  @Test
  void valueVectorsAreNumberedAndCoverEveryJschanSafeFormat() {
    Set<String> formats = new TreeSet<>();
    int count = 0;
    for (Vector v : GoldenVectors.loadAll()) {
      if (!v.file().startsWith("value-")) continue;
      count++;
      assertTrue(v.file().matches("value-\\d\\d-[a-z0-9-]+\\.vec"), v.file() + " is not named value-NN-short-name.vec");
      if (v.kind() == Kind.VALUE) formats.add(format(v.hex()));
    }
    assertTrue(count >= 30, "only " + count + " value vectors");
    assertEquals(new TreeSet<>(List.of("nil", "false", "true", "positive fixint", "uint8", "uint16", "uint32",
        "negative fixint", "int8", "int16", "int32", "float32", "float64", "fixstr", "str8", "str16", "bin8", "bin16",
        "fixarray", "array16", "fixmap", "map16", "ext8 type 1", "fixext4 type 2")), formats);
  }

  /** The msgpack format family of an encoded value, from its first byte. */
  private static String format(byte[] hex) {
    int b = hex[0] & 0xff;
    if (b <= 0x7f) return "positive fixint";
    if (b >= 0xe0) return "negative fixint";
    if (b <= 0x8f) return "fixmap";
    if (b <= 0x9f) return "fixarray";
    if (b <= 0xbf) return "fixstr";
    return switch (b) {
      case 0xc0 -> "nil";
      case 0xc2 -> "false";
      case 0xc3 -> "true";
      case 0xc4 -> "bin8";
      case 0xc5 -> "bin16";
      case 0xc7 -> "ext8 type " + hex[2];
      case 0xca -> "float32";
      case 0xcb -> "float64";
      case 0xcc -> "uint8";
      case 0xcd -> "uint16";
      case 0xce -> "uint32";
      case 0xd0 -> "int8";
      case 0xd1 -> "int16";
      case 0xd2 -> "int32";
      case 0xd6 -> "fixext4 type " + hex[1];
      case 0xd9 -> "str8";
      case 0xda -> "str16";
      case 0xdc -> "array16";
      case 0xde -> "map16";
      default -> String.format("unexpected 0x%02x", b);
    };
  }
}
