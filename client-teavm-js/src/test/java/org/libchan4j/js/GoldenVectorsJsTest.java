package org.libchan4j.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.libchan4j.testing.GoldenVectors;
import org.libchan4j.testing.GoldenVectors.Vector;
import org.libchan4j.testing.MsgpackValues;

/**
 * Every golden vector of PROTOCOL.md (core's test resources) through the TeaVM-compiled codec, under node: the
 * browser build must decode and encode exactly like the JVM build. One test per vector, checked as its kind says
 * (see {@link GoldenVectors}).
 */
class GoldenVectorsJsTest {

  @TestFactory
  Stream<DynamicTest> vectorsThroughTheCompiledCodec() throws Exception {
    List<Vector> vectors = GoldenVectors.loadAll();
    List<Map<String, String>> requests = new ArrayList<>();
    for (Vector v : vectors) {
      requests.add(Map.of("op", "decode", "input", v.hex() == null ? "" : CanonicalValues.hex(v.hex())));
      requests.add(Map.of("op", "encode", "input", v.hasValue() ? CanonicalValues.write(v.value()) : "null"));
    }
    Gson gson = new Gson();
    Path file = Files.createTempFile(Node.TARGET, "vectors", ".json");
    Files.writeString(file, gson.toJson(requests));
    String[] results = gson.fromJson(Node.run("vectors.mjs",
        Node.TARGET.resolve("teavm-test/vectors.js").toString(), file.toString()), String[].class);
    Files.delete(file);
    assertEquals(2 * vectors.size(), results.length);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      Vector v = vectors.get(i);
      String decoded = results[2 * i];
      String encoded = results[2 * i + 1];
      tests.add(DynamicTest.dynamicTest(v.file(), () -> check(v, decoded, encoded)));
    }
    return tests.stream();
  }

  private static void check(Vector v, String decoded, String encoded) {
    switch (v.kind()) {
      case VALUE, FRAME -> {
        assertEquals(CanonicalValues.hex(v.hex()), value(encoded, "encoding"), "JSCHAN encoding");
        MsgpackValues.assertValueEquals(v.value(), CanonicalValues.read(value(decoded, "decoding")), "decoded value");
      }
      case DECODE_ONLY -> {
        MsgpackValues.assertValueEquals(v.value(), CanonicalValues.read(value(decoded, "decoding")), "decoded value");
        assertEquals(CanonicalValues.hex(v.encodesAs()), value(encoded, "encoding"), "JSCHAN encoding");
      }
      case REJECT_ENCODE -> {
        assertError(v.error(), encoded);
        if (v.hex() != null) {
          MsgpackValues.assertValueEquals(v.value(), CanonicalValues.read(value(decoded, "decoding")), "naive bytes");
        }
      }
      case REJECT_DECODE -> assertError(v.error(), decoded);
      default -> fail("unknown kind " + v.kind());
    }
  }

  private static String value(String result, String what) {
    if (result.startsWith("!")) fail(what + " failed in the compiled codec: " + result.substring(1));
    return result;
  }

  private static void assertError(String expected, String result) {
    assertTrue(result.startsWith("!"), "expected an error containing \"" + expected + "\", got " + result);
    assertTrue(result.contains(expected), "error \"" + result.substring(1) + "\" should contain \"" + expected + "\"");
  }
}
