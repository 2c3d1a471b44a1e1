package org.libchan4j.internal.engine;

import static org.libchan4j.internal.engine.EngineFrames.frame;
import static org.libchan4j.internal.engine.EngineFrames.receive;
import static org.libchan4j.internal.engine.EngineFrames.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.Limits;
import org.libchan4j.internal.engine.EngineTest.Recorder;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackWriter;

/** When the reader of an extended-mode channel returns credit (PROTOCOL.md section 14.3). */
class EngineCreditTest {
  private final Recorder rec = new Recorder();

  private Engine reader(int capacity) {
    Engine e = new Engine(true, new ExtendedMode(capacity, 262144, 0), Limits.defaults(), rec, rec);
    e.start(0);
    receive(e, frame("t", "hello", "v", 1L, "cap", 64L, "win", 262144L, "ka", 0L));
    rec.sent.clear();
    return e;
  }

  /** The server's message number {@code n} on its top-level channel 2 (the first one opens it). */
  private static byte[] message(long n) {
    return n == 1 ? frame("id", 2L, "data", n, "parent", null) : frame("id", 2L, "data", n);
  }

  /** The credits this side sent, in order. */
  private java.util.List<Long> credits() {
    java.util.List<Long> out = new java.util.ArrayList<>();
    MsgpackReader r = new MsgpackReader(new MsgpackLimits(64, 1000, 1000, 1000), null);
    for (byte[] f : rec.sent) {
      r.reset(f, 0, f.length);
      Map<?, ?> m = (Map<?, ?>) r.read();
      if ("credit".equals(m.get("t"))) out.add((Long) m.get("credit"));
    }
    return out;
  }

  @Test
  void aReaderThatKeepsUpCreditsEveryHalfCapacityNotEveryMessage() {
    Engine e = reader(64);
    for (long n = 1; n <= 640; n++) {
      receive(e, message(n));
      e.consumed(rec.inbound.get(0), 1); // consumed as soon as it arrived: the reader's buffer is empty each time
    }
    assertEquals(20, credits().size(), "one credit per 32 messages");
    assertEquals(32L * 20, credits().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void aMessageThatFillsTheCapacityReturnsWhatWasConsumedAtOnce() {
    Engine e = reader(4);
    receive(e, message(1));
    receive(e, message(2));
    receive(e, message(3));
    e.consumed(rec.inbound.get(0), 1); // 1 of 2 for a batch, and the writer still has room: no credit yet
    assertEquals(java.util.List.of(), credits());
    receive(e, message(4)); // the writer has used all 4: its fifth send waits for the slot the reader freed
    assertEquals(java.util.List.of(1L), credits(), "Go lets the fifth send go on once one slot is free");
  }

  @Test
  void anUnbufferedChannelCreditsEachMessage() {
    Engine e = reader(0);
    for (long n = 1; n <= 5; n++) {
      receive(e, message(n));
      e.consumed(rec.inbound.get(0), 1);
    }
    assertEquals(java.util.List.of(1L, 1L, 1L, 1L, 1L), credits());
  }
}
