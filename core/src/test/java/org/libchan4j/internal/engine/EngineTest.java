package org.libchan4j.internal.engine;

import static org.libchan4j.internal.engine.EngineFrames.frame;
import static org.libchan4j.internal.engine.EngineFrames.receive;
import static org.libchan4j.internal.engine.EngineFrames.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.CloseCodes;
import org.libchan4j.EncodingException;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.msgpack.MsgpackExt;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.libchan4j.testing.GoldenVectors;
import org.libchan4j.testing.Hex;

/** The engine on exact bytes: frames out, deliveries and protocol errors in. */
class EngineTest {

  /** Records everything an engine emits and delivers. */
  static final class Recorder implements Engine.Listener, Engine.Output, ChanHandler {
    final List<byte[]> sent = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<Chan> inbound = new ArrayList<>();
    final List<Chan> refs = new ArrayList<>();

    @Override public void send(byte[] message) { sent.add(message); }
    @Override public void onInboundChannel(Chan chan) { inbound.add(chan); chan.setHandler(this); }
    @Override public void onReference(Chan chan) { refs.add(chan); chan.setHandler(this); }
    @Override public void onData(Chan chan, Object data, int wireBytes) { events.add(chan.id() + ":" + show(data)); }
    @Override public void onEnd(Chan chan) { events.add(chan.id() + ":END"); }
    @Override public void onFailed(Chan chan, RuntimeException cause) { events.add(chan.id() + ":FAILED"); }

    String lastHex() {
      return Hex.encode(sent.get(sent.size() - 1));
    }

    private static String show(Object data) {
      if (data instanceof byte[]) return "bin" + ((byte[]) data).length;
      return String.valueOf(data);
    }
  }

  private final Recorder rec = new Recorder();
  private final Engine client = new Engine(true, Limits.defaults(), rec, rec);

  private static Engine server(Recorder r, Limits limits) {
    return new Engine(false, limits, r, r);
  }

  private static MsgpackExt chanRef(int direction, long id) {
    return new MsgpackExt(1, new byte[] {(byte) direction, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
  }

  private static ProtocolException violation(Engine e, byte[] bytes) {
    return assertThrows(ProtocolException.class, () -> receive(e, bytes));
  }

  // ------------------------------------------------------------------ frames out

  @Test
  void clientTopLevelChannelFramesAreJschanBytes() {
    Chan c = client.openChannel(rec);
    assertEquals(1, c.id());
    client.send(c, Map.of("a", 1L));
    // {"id":1,"data":{"a":1},"parent":nil}
    assertEquals("83 a2 69 64 01 a4 64 61 74 61 81 a1 61 01 a6 70 61 72 65 6e 74 c0", rec.lastHex());
    client.send(c, Map.of("a", 2L));
    assertEquals("82 a2 69 64 01 a4 64 61 74 61 81 a1 61 02", rec.lastHex(), "later frames carry no parent");
    client.end(c);
    assertEquals("81 a2 69 64 01", rec.lastHex());
    assertEquals(0, client.openCount(), "an ended OUT channel leaves the table");
    assertEquals(3, client.openChannel(rec).id(), "client ids step by 2 and are never reused");
  }

  @Test
  void serverIdsStartAtTwo() {
    Recorder r = new Recorder();
    Engine server = server(r, Limits.defaults());
    assertEquals(2, server.openChannel(r).id());
    assertEquals(4, server.openChannel(r).id());
  }

  @Test
  void returnChannelIsSentWithDirectionTwoAndRepliesArrive() {
    Chan c = client.openChannel(rec);
    Chan ret = client.newUnbound(Chan.Kind.IN, rec);
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("hello", "world");
    msg.put("returnChannel", ret);
    client.send(c, msg);
    // The worked example of PROTOCOL.md, byte for byte.
    assertEquals(vector("frame-13-worked-example.vec"), rec.lastHex());
    assertEquals(3, ret.id());
    receive(client, frame("id", 3L, "data", Map.of("ok", true), "parent", null));
    receive(client, Hex.decode("81 a2 69 64 03"));
    assertEquals(List.of("3:{ok=true}", "3:END"), rec.events);
    client.end(c);
    assertEquals(0, client.openCount());
  }

  @Test
  void nestedWriteChannelCarriesItsParent() {
    Chan c = client.openChannel(rec);
    client.send(c, Map.of("x", 1L));
    Chan sub = client.newUnbound(Chan.Kind.OUT, rec);
    client.send(c, Map.of("sub", sub));
    assertEquals("82 a2 69 64 01 a4 64 61 74 61 81 a3 73 75 62 c7 05 01 01 00 00 00 03", rec.lastHex(),
        "direction 1: the sender holds the write end");
    client.send(sub, "v");
    assertEquals("83 a2 69 64 03 a4 64 61 74 61 a1 76 a6 70 61 72 65 6e 74 01", rec.lastHex());
  }

  @Test
  void byteStreamRefChunksAndEnds() {
    Chan c = client.openChannel(rec);
    Chan stream = client.newUnbound(Chan.Kind.STREAM, rec);
    client.send(c, List.of(stream));
    assertEquals("83 a2 69 64 01 a4 64 61 74 61 91 d6 02 00 00 00 03 a6 70 61 72 65 6e 74 c0", rec.lastHex());
    client.sendBytes(stream, new byte[] {9, 8, 7}, 1, 2);
    assertEquals("82 a2 69 64 03 a4 64 61 74 61 c4 02 08 07", rec.lastHex());
    receive(client, frame("id", 3L, "data", new byte[] {1, 2, 3}));
    client.end(stream);
    assertEquals("81 a2 69 64 03", rec.lastHex());
    assertEquals(2, client.openCount(), "a stream stays until both directions ended");
    receive(client, frame("id", 3L));
    assertEquals(List.of("3:bin3", "3:END"), rec.events);
    assertEquals(1, client.openCount());
  }

  /** Fuzzing found it (EngineFuzzTestInputs/session/stream-chunk-over-max-message-bytes). */
  @Test
  void aByteStreamChunkLargerThanMaxMessageBytesTravelsInFramesThatFit() {
    Limits small = Limits.defaults().withMaxMessageBytes(300);
    Recorder r = new Recorder();
    Engine writer = new Engine(true, small, r, r);
    Chan c = writer.openChannel(r);
    Chan stream = writer.newUnbound(Chan.Kind.STREAM, r);
    writer.send(c, List.of(stream));
    byte[] chunk = new byte[1000];
    assertEquals(1000, writer.sendBytes(stream, chunk, 0, chunk.length));
    assertEquals(5, r.sent.size(), "the message, then 281 + 281 + 281 + 157 bytes");
    Recorder peerRec = new Recorder();
    Engine peer = server(peerRec, small); // was 1009: a frame of 1000 + 19 bytes
    for (byte[] f : r.sent) receive(peer, f);
    assertEquals(List.of("1:[stream 3]", "3:bin281", "3:bin281", "3:bin281", "3:bin157"), peerRec.events);
  }

  @Test
  void encodingFailureSendsNothingAndBindsNothing() {
    Chan c = client.openChannel(rec);
    Chan ret = client.newUnbound(Chan.Kind.IN, rec);
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("reply", ret);
    msg.put("huge", 1L << 40);
    EncodingException e = assertThrows(EncodingException.class, () -> client.send(c, msg));
    assertTrue(e.getMessage().contains("jschan"), e.getMessage());
    assertFalse(ret.isBound());
    assertEquals(1, client.openCount());
    assertTrue(rec.sent.isEmpty());
    msg.remove("huge");
    client.send(c, msg);
    assertEquals(5, ret.id(), "ids consumed by the failed attempt are not reused");
  }

  @Test
  void falsyMessagesAreRefused() {
    Chan c = client.openChannel(rec);
    for (Object falsy : new Object[] {null, false, 0L, 0, 0.0, Double.NaN, ""}) {
      EncodingException e = assertThrows(EncodingException.class, () -> client.send(c, falsy), "value " + falsy);
      assertTrue(e.getMessage().contains("end of the channel"), e.getMessage());
    }
    assertTrue(rec.sent.isEmpty());
    client.send(c, true);
    client.send(c, List.of());
    assertEquals(2, rec.sent.size());
  }

  @Test
  void sendAfterEndIsRefused() {
    Chan c = client.openChannel(rec);
    client.end(c);
    assertThrows(org.libchan4j.ChannelClosedException.class, () -> client.send(c, "x"));
  }

  // ------------------------------------------------------------------ frames in

  @Test
  void inboundTopLevelChannelWithSeveralFramesInOneMessage() {
    byte[] a = frame("id", 2L, "data", "one", "parent", null);
    byte[] b = frame("id", 2L, "data", "two");
    byte[] end = frame("id", 2L);
    byte[] all = new byte[a.length + b.length + end.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    System.arraycopy(end, 0, all, a.length + b.length, end.length);
    receive(client, all);
    assertEquals(1, rec.inbound.size());
    assertEquals(List.of("2:one", "2:two", "2:END"), rec.events);
    assertEquals(0, client.openCount());
  }

  @Test
  void idZeroFromAJschanServerIsAChannel() {
    receive(client, frame("id", 0L, "data", "hi", "parent", null));
    assertEquals(0, rec.inbound.get(0).id());
  }

  @Test
  void falsyDataReadsAsEndLikeJschan() {
    receive(client, frame("id", 2L, "data", "x", "parent", null));
    receive(client, frame("id", 2L, "data", 0L));
    assertEquals(List.of("2:x", "2:END"), rec.events);
  }

  @Test
  void lateRendezvousDeliversBufferedDataAndEnd() {
    receive(client, frame("id", 4L, "data", "early", "parent", 2L));
    receive(client, frame("id", 4L));
    assertEquals(2, client.pendingFrameCount());
    receive(client, frame("id", 2L, "data", Map.of("ch", chanRef(1, 4)), "parent", null));
    assertEquals(List.of("2:{ch=channel 4}", "4:early", "4:END"), rec.events);
    assertEquals(0, client.pendingFrameCount());
    assertEquals(1, client.openCount(), "channel 4 ended and was freed; channel 2 is open");
  }

  @Test
  void referencesDecodeToChansOfTheRightKind() {
    receive(client, frame("id", 2L, "data", List.of(chanRef(1, 4), chanRef(2, 6),
        new MsgpackExt(2, new byte[] {0, 0, 0, 8})), "parent", null));
    assertEquals(List.of(Chan.Kind.IN, Chan.Kind.OUT, Chan.Kind.STREAM),
        List.of(rec.refs.get(0).kind(), rec.refs.get(1).kind(), rec.refs.get(2).kind()));
    assertEquals(List.of(4L, 6L, 8L), List.of(rec.refs.get(0).id(), rec.refs.get(1).id(), rec.refs.get(2).id()));
    // Writing to the received write channel 6: first frame with parent nil.
    client.send(rec.refs.get(1), "r");
    assertEquals("83 a2 69 64 06 a4 64 61 74 61 a1 72 a6 70 61 72 65 6e 74 c0", rec.lastHex());
  }

  @Test
  void protocolViolationsNameTheProblem() {
    assertViolation(CloseCodes.PROTOCOL_ERROR, "not a map", Hex.decode("01"));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "without an id", frame("data", "x"));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "not an integer", frame("id", "1"));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "outside 0..2^32-1", frame("id", 1L << 32, "parent", null));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "unknown id 7", frame("id", 7L, "data", "x"));
    assertViolation(CloseCodes.INVALID_DATA, "malformed frame", Hex.decode("c1"));
    assertViolation(CloseCodes.INVALID_DATA, "malformed frame", Hex.decode("83 a2 69 64"));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "unknown ext type 3",
        frame("id", 2L, "data", new MsgpackExt(3, new byte[] {1}), "parent", null));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "direction 3",
        frame("id", 2L, "data", chanRef(3, 4), "parent", null));
    assertViolation(CloseCodes.PROTOCOL_ERROR, "which this side allocated",
        frame("id", 2L, "data", chanRef(1, 5), "parent", null));
  }

  @Test
  void frameOnAChannelThisSideWritesIsAViolation() {
    Chan c = client.openChannel(rec);
    client.send(c, "x");
    ProtocolException e = violation(client, frame("id", 1L, "data", "y"));
    assertEquals("peer wrote to channel 1, which this side writes", e.getMessage());
  }

  @Test
  void frameAfterEndIsAViolationNotAPhantomChannel() {
    receive(client, frame("id", 2L, "data", "x", "parent", null));
    receive(client, frame("id", 2L));
    ProtocolException e = violation(client, frame("id", 2L, "data", "late", "parent", null));
    assertEquals("frame for id 2 after its END", e.getMessage());
  }

  @Test
  void duplicateReferenceIsAViolation() {
    receive(client, frame("id", 2L, "data", chanRef(1, 4), "parent", null));
    ProtocolException e = violation(client, frame("id", 2L, "data", chanRef(1, 4)));
    assertEquals("reference to id 4, which is already open", e.getMessage());
  }

  @Test
  void streamDataMustBeBin() {
    receive(client, frame("id", 2L, "data", new MsgpackExt(2, new byte[] {0, 0, 0, 4}), "parent", null));
    ProtocolException e = violation(client, frame("id", 4L, "data", "text"));
    assertEquals("byte-stream chunk for id 4 is not bin: string", e.getMessage());
  }

  @Test
  void limitsCloseWithTheirCodes() {
    Recorder r = new Recorder();
    Engine small = server(r, Limits.defaults().withMaxDepth(3).withMaxPendingFrames(2).withMaxOpenChannels(2)
        .withMaxMessageBytes(64));
    ProtocolException deep = violation(small, frame("id", 1L, "data", List.of(List.of(List.of(List.of(1L)))), "parent", null));
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, deep.closeCode());

    small = server(r, Limits.defaults().withMaxMessageBytes(64));
    ProtocolException big = violation(small, frame("id", 1L, "data", "x".repeat(100), "parent", null));
    assertEquals(CloseCodes.MESSAGE_TOO_BIG, big.closeCode());
    assertTrue(big.getMessage().contains("maxMessageBytes 64"), big.getMessage());

    small = server(r, Limits.defaults().withMaxPendingFrames(2));
    receive(small, frame("id", 3L, "data", "a", "parent", 1L));
    receive(small, frame("id", 5L, "data", "b", "parent", 1L));
    ProtocolException pending = violation(small, frame("id", 7L, "data", "c", "parent", 1L));
    assertEquals(CloseCodes.POLICY_VIOLATION, pending.closeCode());
    assertTrue(pending.getMessage().contains("maxPendingFrames 2"), pending.getMessage());

    small = server(r, Limits.defaults().withMaxOpenChannels(2));
    receive(small, frame("id", 1L, "data", "a", "parent", null));
    receive(small, frame("id", 3L, "data", "a", "parent", null));
    ProtocolException channels = violation(small, frame("id", 5L, "data", "a", "parent", null));
    assertEquals(CloseCodes.POLICY_VIOLATION, channels.closeCode());
    assertTrue(channels.getMessage().contains("maxOpenChannels 2"), channels.getMessage());
  }

  @Test
  void closeFailsOpenChannelsAndLaterCallsThrowTheCause() {
    receive(client, frame("id", 2L, "data", "x", "parent", null));
    Chan out = client.openChannel(rec);
    SessionClosedException cause = new SessionClosedException(CloseCodes.GOING_AWAY, "gone", null);
    client.close(cause);
    assertTrue(rec.events.contains("2:FAILED"));
    assertTrue(rec.events.contains("1:FAILED"));
    assertSame(cause, assertThrows(SessionClosedException.class, () -> client.send(out, "x")));
    assertEquals(0, client.openCount());
  }

  @Test
  void idSpaceEndsBelowTwoToThe32() {
    Recorder r = new Recorder();
    Engine e = new Engine(true, Limits.defaults(), r, r);
    e.setNextIdForTest(0xFFFFFFFFL);
    Chan last = e.openChannel(r);
    assertEquals(0xFFFFFFFFL, last.id());
    ProtocolException ex = assertThrows(ProtocolException.class, () -> e.openChannel(r));
    assertEquals(CloseCodes.POLICY_VIOLATION, ex.closeCode());
    assertTrue(ex.getMessage().contains("exhausted"), ex.getMessage());
    e.send(last, "x");
    assertEquals("83 a2 69 64 ce ff ff ff ff a4 64 61 74 61 a1 78 a6 70 61 72 65 6e 74 c0", r.lastHex());
    e.send(last, "last");
    assertEquals(vector("frame-15-id-max.vec"), r.lastHex());
  }

  @Test
  void endOfAnUnwrittenChannelCarriesItsParent() {
    Recorder r = new Recorder();
    Engine e = new Engine(true, Limits.defaults(), r, r);
    e.setNextIdForTest(9);
    e.end(e.openChannel(r));
    assertEquals(vector("frame-18-end-unwritten-top-level.vec"), r.lastHex());
  }

  @Test
  void hundredThousandChannelsLeaveBothTablesEmpty() {
    Recorder cr = new Recorder();
    Recorder sr = new Recorder();
    Engine[] pair = new Engine[2];
    pair[0] = new Engine(true, Limits.defaults(), cr, m -> pair[1].receive(m, 0, m.length));
    pair[1] = new Engine(false, Limits.defaults(), sr, m -> pair[0].receive(m, 0, m.length));
    for (int i = 0; i < 100_000; i++) {
      Chan c = pair[0].openChannel(cr);
      Chan ret = pair[0].newUnbound(Chan.Kind.IN, cr);
      pair[0].send(c, Map.of("i", (long) i + 1, "reply", ret));
      Chan serverReply = sr.refs.get(sr.refs.size() - 1);
      pair[1].send(serverReply, "ok");
      pair[1].end(serverReply);
      pair[0].end(c);
    }
    assertEquals(0, pair[0].openCount());
    assertEquals(0, pair[1].openCount());
    assertEquals(100_000, sr.inbound.size());
    assertEquals(100_000, cr.events.stream().filter(ev -> ev.endsWith(":END")).count(), "every reply channel ended");
  }

  private void assertViolation(int code, String text, byte[] bytes) {
    Recorder r = new Recorder();
    Engine e = new Engine(true, Limits.defaults(), r, r);
    ProtocolException ex = violation(e, bytes);
    assertEquals(code, ex.closeCode(), ex.getMessage());
    assertTrue(ex.getMessage().contains(text), "'" + ex.getMessage() + "' should contain '" + text + "'");
  }
}
