package org.libchan4j.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.libchan4j.internal.engine.EngineFrames.frame;
import static org.libchan4j.internal.engine.EngineFrames.receive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.libchan4j.EncodingException;
import org.libchan4j.Limits;
import org.libchan4j.internal.engine.EngineTest.Recorder;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackRaw;
import org.libchan4j.testing.Hex;

/**
 * A message encoded once ({@link MsgpackRaw}, a topic's fan-out) is framed by the engine into exactly the bytes
 * of a normal send of the same tree, in both modes, and still meets the session's limits.
 */
class SharedEncodingTest {

  /** A client engine, started and (extended) past the server's hello, with what it emitted so far forgotten. */
  private static Engine started(boolean extended, Recorder rec, Limits limits) {
    Engine e = extended
        ? new Engine(true, new ExtendedMode(64, 262144, 25000), limits, rec, rec)
        : new Engine(true, limits, rec, rec);
    e.start(0);
    if (extended) receive(e, frame("t", "hello", "v", 1L, "cap", 8L, "win", 262144L, "ka", 0L));
    rec.sent.clear();
    return e;
  }

  private static Map<String, Object> message(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", "ann");
    m.put("text", "line " + i + " \u00e9\u4e2d");
    m.put("n", (long) -32); // JSCHAN's exception to the smallest encoding: d0 e0
    m.put("tags", List.of("a", 1L, 2.5, true, new byte[] {1, 2}));
    return m;
  }

  @ParameterizedTest(name = "extended={0}")
  @ValueSource(booleans = {false, true})
  void sharedBytesGoOnTheWireAsANormalSendsDo(boolean extended) {
    Recorder normal = new Recorder();
    Recorder shared = new Recorder();
    Engine a = started(extended, normal, Limits.defaults());
    Engine b = started(extended, shared, Limits.defaults());
    Chan ca = a.openChannel(normal);
    Chan cb = b.openChannel(shared);
    for (int i = 0; i < 3; i++) { // the first frame carries the parent, later ones do not
      a.send(ca, message(i));
      b.send(cb, MsgpackRaw.encode(message(i), MsgpackProfile.JSCHAN));
    }
    assertEquals(hex(normal.sent), hex(shared.sent));
    assertEquals(3, normal.sent.size());
    assertTrue(Hex.encode(shared.sent.get(0)).contains("a1 6e d0 e0"), "-32 as a jschan peer reads it");
  }

  @ParameterizedTest(name = "extended={0}")
  @ValueSource(booleans = {false, true})
  void maxMessageBytesStillApplies(boolean extended) {
    Recorder rec = new Recorder();
    Engine e = started(extended, rec, Limits.defaults().withMaxMessageBytes(64));
    Chan c = e.openChannel(rec);
    MsgpackRaw big = MsgpackRaw.encode(Map.of("text", "x".repeat(100)), MsgpackProfile.JSCHAN);
    EncodingException tooBig = assertThrows(EncodingException.class, () -> e.send(c, big));
    assertTrue(tooBig.getMessage().contains("exceeds maxMessageBytes 64"), tooBig.getMessage());
    assertEquals(List.of(), rec.sent, "nothing was sent");
    e.send(c, MsgpackRaw.encode(Map.of("text", "small"), MsgpackProfile.JSCHAN));
    assertEquals(1, rec.sent.size(), "the channel goes on");
  }

  @ParameterizedTest(name = "extended={0}")
  @ValueSource(booleans = {false, true})
  void bytesEncodedUnderAnotherProfileAreRefused(boolean extended) {
    Recorder rec = new Recorder();
    Engine e = started(extended, rec, Limits.defaults());
    Chan c = e.openChannel(rec);
    MsgpackRaw standard = MsgpackRaw.encode(Map.of("n", -32L), MsgpackProfile.STANDARD);
    assertThrows(EncodingException.class, () -> e.send(c, standard));
    assertEquals(List.of(), rec.sent);
  }

  private static List<String> hex(List<byte[]> frames) {
    List<String> out = new ArrayList<>();
    for (byte[] f : frames) out.add(Hex.encode(f));
    return out;
  }
}
