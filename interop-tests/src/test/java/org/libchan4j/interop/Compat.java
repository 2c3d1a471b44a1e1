package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.EncodingException;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;

/**
 * The compat edge cases of PROTOCOL.md sections 7.3 and 7.4, played against a real jschan peer in either direction:
 * what jschan would misread is refused before anything is sent, and what jschan sends with its quirks decodes as
 * documented. The node side is {@code compat-refusals} / {@code compat-quirks} in client.js and server.js.
 */
final class Compat {
  private static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();

  private Compat() {}

  /**
   * Tries every value jschan would misread on one new channel (each must fail with an EncodingException whose
   * message says why, and send nothing), then sends the values around those edges that jschan reads correctly.
   * The node side checks it received exactly those, in order, then the end.
   */
  static void sendRefusedThenValid(Session s) throws InterruptedException {
    Sender<Object> out = s.newSender(Object.class);
    refused(out, false, "end of the channel");
    refused(out, 0, "end of the channel");
    refused(out, 0L, "end of the channel");
    refused(out, "", "end of the channel");
    refused(out, 0.0, "end of the channel");
    refused(out, -0.0, "end of the channel");
    refused(out, Double.NaN, "end of the channel");
    refused(out, 1L << 40, "1099511627776");
    refused(out, -2_147_483_649L, "-2147483649");
    refused(out, Long.MAX_VALUE, "9223372036854775807");
    refused(out, Map.of("deep", List.of(Map.of("n", 1L << 32))), "4294967296");
    refused(out, wideMap(65_536), "65536");
    refused(out, "lone \uD800 surrogate", "surrogate");

    out.send(-32);
    out.send(-33);
    out.send(-31);
    out.send(4_294_967_295L);
    out.send(-2_147_483_648);
    out.send(wideMap(65_535));
    out.send("0");
    out.send(List.of());
    out.send(Map.of());
    out.send(0.5);
    out.close();
  }

  private static void refused(Sender<Object> out, Object value, String hint) {
    EncodingException e = assertThrows(EncodingException.class, () -> out.send(value), "refused: " + value);
    assertTrue(e.getMessage().contains(hint), "the message says why: " + e.getMessage());
  }

  private static Map<String, Object> wideMap(int entries) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < entries; i++) m.put("k" + i, 1);
    return m;
  }

  /** Receives jschan's quirky message (common.js {@code quirks()}) and checks it decodes as section 7.4 says. */
  static void checkQuirks(Receiver<Map<String, Object>> in) throws InterruptedException {
    Map<String, Object> m = in.receive();
    assertEquals(0.1f, m.get("tenth"), "0.1 comes as float32: precision is lost");
    assertEquals(1.5f, m.get("oneAndHalf"), "float32, exact");
    assertEquals(123456789.5, m.get("wide"), "float64 when float32 is off by more than 0.1");
    assertTrue(Float.isNaN((Float) m.get("nan")), "NaN as float32");
    assertEquals(Map.of(), m.get("date"), "a Date is an empty map");
    assertEquals(Map.of("b", 1L), m.get("undef"), "keys whose value is undefined are dropped");
    assertEquals(-32L, m.get("minus32"), "-32 as d0 e0");
    assertEquals(-214748364L, m.get("lowest"), "the lowest integer msgpack5 encodes");
    assertEquals(4_294_967_294L, m.get("uint32"), "the largest integer jschan encodes correctly");
    assertEquals(1L, m.get("uint32max"), "4294967295 goes through msgpack5's broken uint64 and arrives as 1");
    assertEquals(4_294_967_297L, m.get("twoPow32"), "4294967296 arrives as 4294967297");
    assertNull(in.receive(), "then the end");
  }

  static Receiver<Map<String, Object>> acceptMaps(Session s) throws InterruptedException {
    return s.accept(MAP);
  }
}
