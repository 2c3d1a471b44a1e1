package org.libchan4j.internal.msgpack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.libchan4j.internal.msgpack.Bytes.hex;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The writer's API: low-level calls, accepted types, refusals, rollback and reuse. */
class MsgpackWriterTest {
  private final MsgpackWriter jschan = new MsgpackWriter(MsgpackProfile.JSCHAN, null);
  private final MsgpackWriter standard = new MsgpackWriter(MsgpackProfile.STANDARD, null);

  @Test
  void lowLevelCallsBuildAFrame() {
    jschan.writeMapHeader(2).writeString("id").writeInt(1).writeString("data")
        .writeArrayHeader(3).writeNil().writeBoolean(true).writeBin(Bytes.of("00 01 02 03"), 1, 2);
    assertEquals("82 a2 69 64 01 a4 64 61 74 61 93 c0 c3 c4 02 01 02", hex(jschan.toByteArray()));
    assertEquals(17, jschan.size());
  }

  @Test
  void lowLevelCallsApplyTheProfile() {
    assertEquals("d0 e0", hex(jschan.writeInt(-32).toByteArray()));
    assertEquals("e0", hex(standard.writeInt(-32).toByteArray()));
    standard.reset();
    jschan.reset();
    assertThrows(MsgpackEncodeException.class, () -> jschan.writeInt(1L << 32));
    assertThrows(MsgpackEncodeException.class, () -> jschan.writeMapHeader(65536));
    assertThrows(MsgpackEncodeException.class, () -> jschan.writeExt(-1, new byte[4]));
    assertEquals(0, jschan.size(), "refused low-level calls write nothing");
    assertEquals("df 00 01 00 00", hex(standard.writeMapHeader(65536).toByteArray()));
  }

  @Test
  void floatsAndExtLowLevel() {
    jschan.writeFloat32(1.5f).writeFloat64(1.5).writeExt(2, Bytes.of("00 00 00 07"));
    assertEquals("ca 3f c0 00 00 cb 3f f8 00 00 00 00 00 00 d6 02 00 00 00 07", hex(jschan.toByteArray()));
  }

  @Test
  void programmingErrorsAreNotEncodeExceptions() {
    assertThrows(IllegalArgumentException.class, () -> jschan.writeArrayHeader(-1));
    assertThrows(IllegalArgumentException.class, () -> jschan.writeMapHeader(-1));
    assertThrows(IllegalArgumentException.class, () -> standard.writeExt(128, new byte[0]));
    assertThrows(IndexOutOfBoundsException.class, () -> jschan.writeBin(new byte[2], 1, 2));
    assertThrows(IllegalArgumentException.class, () -> new MsgpackExt(-129, new byte[0]));
  }

  @Test
  void mapsKeepIterationOrderAndAcceptAnyKeys() {
    Map<Object, Object> ordered = new LinkedHashMap<>();
    ordered.put("b", 1);
    ordered.put(null, "x");
    ordered.put(2L, List.of());
    assertEquals("83 a1 62 01 c0 a1 78 02 90", hex(jschan.write(ordered).toByteArray()));
    jschan.reset();
    assertEquals("82 a1 61 02 a1 62 01", hex(jschan.write(new TreeMap<>(Map.of("b", 1, "a", 2))).toByteArray()));
  }

  @Test
  void objectArraysAreArrays() {
    assertEquals("92 01 91 a1 61", hex(jschan.write(new Object[] {1, new Object[] {"a"}}).toByteArray()));
    jschan.reset();
    assertEquals("91 92 a1 61 c0", hex(jschan.write(new String[][] {{"a", null}}).toByteArray()));
  }

  @Test
  void unsupportedTypesAreNamed() {
    assertRefused(new Date(0), "cannot encode a value of type java.util.Date: it has no msgpack form");
    assertRefused('c', "cannot encode a value of type java.lang.Character: it has no msgpack form");
    assertRefused(new int[] {1}, "cannot encode a value of type int[]: it has no msgpack form");
    assertRefused(new long[0], "cannot encode a value of type long[]: it has no msgpack form");
    assertRefused(new int[][] {{1}}, "cannot encode a value of type int[]: it has no msgpack form");
    assertRefused(List.of(Map.of("k", new StringBuilder())),
        "cannot encode a value of type java.lang.StringBuilder: it has no msgpack form");
  }

  @Test
  void unpairedSurrogatesAreRefused() {
    assertRefused("\ud800", "cannot encode string: unpaired surrogate U+D800 at index 0 has no UTF-8 form");
    assertRefused("ab\udc00", "cannot encode string: unpaired surrogate U+DC00 at index 2 has no UTF-8 form");
    assertRefused("a\ud83dx", "cannot encode string: unpaired surrogate U+D83D at index 1 has no UTF-8 form");
    assertRefused("\ude00\ud83d", "cannot encode string: unpaired surrogate U+DE00 at index 0 has no UTF-8 form");
    assertEquals("a4 f0 9f 98 80", hex(jschan.write("\ud83d\ude00").toByteArray()));
  }

  @Test
  void extEncoderHandlesOtherTypesUnderTheProfile() {
    record Ref(int id) {}
    ExtEncoder refs = v -> v instanceof Ref ? new MsgpackExt(2, new byte[] {0, 0, 0, (byte) ((Ref) v).id()}) : null;
    MsgpackWriter w = new MsgpackWriter(MsgpackProfile.JSCHAN, refs);
    assertEquals("81 a1 73 d6 02 00 00 00 09", hex(w.write(Map.of("s", new Ref(9))).toByteArray()));
    MsgpackEncodeException e = assertThrows(MsgpackEncodeException.class, () -> w.write(new Date(0)));
    assertEquals("cannot encode a value of type java.util.Date: it has no msgpack form and the ext encoder does not "
        + "handle it", e.getMessage());

    MsgpackWriter bad = new MsgpackWriter(MsgpackProfile.JSCHAN, v -> new MsgpackExt(7, new byte[0]));
    assertEquals("ext type 7 is not decodable by a jschan peer (only 1, channel, and 2, byte stream)",
        assertThrows(MsgpackEncodeException.class, () -> bad.write(new Date(0))).getMessage());
  }

  @Test
  void failedWriteLeavesTheWriterAsBefore() {
    jschan.write("kept");
    byte[] before = jschan.toByteArray();
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < 1000; i++) list.add("element " + i);
    list.add(1L << 40);
    assertThrows(MsgpackEncodeException.class, () -> jschan.write(list));
    assertArrayEquals(before, jschan.toByteArray());
    jschan.write(1);
    assertEquals(hex(before) + " 01", hex(jschan.toByteArray()));
  }

  @Test
  void cyclesAreRefusedNotStackOverflows() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertEquals("nesting deeper than 1000 arrays and maps (a cycle?)",
        assertThrows(MsgpackEncodeException.class, () -> jschan.write(cycle)).getMessage());
    assertEquals(0, jschan.size());
    Object deep = List.of();
    for (int i = 1; i < MsgpackWriter.MAX_DEPTH; i++) deep = List.of(deep);
    assertEquals(MsgpackWriter.MAX_DEPTH, jschan.write(deep).size());
  }

  @Test
  void resetReusesAndToByteArrayCopies() {
    byte[] big = new byte[100_000];
    jschan.write(big);
    byte[] first = jschan.toByteArray();
    assertEquals(100_005, first.length);
    assertNotSame(first, jschan.toByteArray());
    jschan.reset();
    assertEquals(0, jschan.size());
    assertEquals("c0", hex(jschan.write(null).toByteArray()));
  }

  @Test
  void rawValuesAreCopiedVerbatimUnderTheirOwnProfile() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("n", -32L);
    value.put("s", "x");
    MsgpackRaw raw = MsgpackRaw.encode(value, MsgpackProfile.JSCHAN);
    assertEquals("82 a1 6e d0 e0 a1 73 a1 78", hex(new MsgpackWriter(MsgpackProfile.JSCHAN, null).write(value)
        .toByteArray()));
    assertEquals("92 82 a1 6e d0 e0 a1 73 a1 78 c3", hex(jschan.write(List.of(raw, true)).toByteArray()),
        "nested as the value itself would be");
    jschan.reset();
    MsgpackEncodeException e = assertThrows(MsgpackEncodeException.class,
        () -> standard.write(List.of(raw)));
    assertEquals("a value encoded under JSCHAN cannot be copied into another profile's output", e.getMessage());
    assertEquals(0, standard.size(), "nothing of the refused value remains");
    MsgpackRaw std = MsgpackRaw.encode(-32L, MsgpackProfile.STANDARD);
    assertEquals("e0", hex(standard.write(std).toByteArray()));
    assertThrows(MsgpackEncodeException.class, () -> jschan.write(std));
  }

  private void assertRefused(Object value, String message) {
    for (MsgpackWriter w : List.of(jschan, standard)) {
      MsgpackEncodeException e = assertThrows(MsgpackEncodeException.class, () -> w.write(value));
      assertEquals(message, e.getMessage());
      assertEquals(0, w.size());
    }
  }
}
