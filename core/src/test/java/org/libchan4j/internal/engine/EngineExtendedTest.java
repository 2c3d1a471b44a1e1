package org.libchan4j.internal.engine;

import static org.libchan4j.internal.engine.EngineFrames.frame;
import static org.libchan4j.internal.engine.EngineFrames.receive;
import static org.libchan4j.internal.engine.EngineFrames.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.engine.EngineTest.Recorder;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;
import org.libchan4j.testing.GoldenVectors;
import org.libchan4j.testing.Hex;

/** The extended mode's frames on exact bytes (the frame-2x/3x-ext golden vectors) and its flow control rules. */
class EngineExtendedTest {
  private static final ExtendedMode MODE = new ExtendedMode(64, 262144, 25000);

  private final Recorder rec = new Recorder();
  private final Engine client = new Engine(true, MODE, Limits.defaults(), rec, rec);

  /** Starts the client and lets it hear the server's hello with capacity {@code cap}. */
  private void started(long cap) {
    client.start(0);
    receive(client, frame("t", "hello", "v", 1L, "cap", cap, "win", 262144L, "ka", 0L));
    rec.sent.clear();
  }

  @Test
  void helloIsTheFirstFrame() {
    client.start(0);
    assertEquals(vector("frame-22-ext-hello.vec"), rec.lastHex());
  }

  @Test
  void nothingIsTransmittedBeforeThePeersHello() {
    client.start(0);
    Chan c = client.openChannel(rec);
    client.send(c, "early");
    assertEquals(1, rec.sent.size(), "only the hello");
    assertEquals(0, client.completed(c));
    receive(client, frame("t", "hello", "v", 1L, "cap", 4L, "win", 65536L, "ka", 0L));
    assertEquals(2, rec.sent.size());
    assertEquals(1, client.completed(c));
  }

  @Test
  void returnChannelCarriesItsCapacityAndCreditFollowsConsumption() {
    started(64);
    Chan c = client.openChannel(rec);
    Chan reply = client.newUnbound(Chan.Kind.IN, rec, 0);
    client.send(c, Map.of("reply", reply));
    assertEquals(vector("frame-29-ext-return-channel-capacity.vec"), rec.lastHex());
    receive(client, frame("id", 3L, "data", "answer", "parent", null));
    client.consumed(reply, 1);
    assertEquals(vector("frame-23-ext-credit.vec"), rec.lastHex());
  }

  @Test
  void streamReferenceCarriesTheCreatorsWindow() {
    started(64);
    Chan c = client.openChannel(rec);
    Chan file = client.newUnbound(Chan.Kind.STREAM, rec);
    client.send(c, Map.of("file", file));
    assertEquals(vector("frame-30-ext-stream-window.vec"), rec.lastHex());
  }

  @Test
  void closingAReaderSendsCancel() {
    started(64);
    receive(client, frame("id", 2L, "data", "x", "parent", null));
    client.end(rec.inbound.get(0));
    assertEquals(vector("frame-24-ext-cancel.vec"), rec.lastHex());
  }

  @Test
  void failSendsAnErrorFrameAfterTheMessages() {
    started(64);
    Chan c = client.openChannel(rec);
    client.send(c, "x");
    client.fail(c, 42, "disk full");
    assertEquals(vector("frame-25-ext-error.vec"), rec.lastHex());
    assertEquals(0, client.openCount());
  }

  @Test
  void failOfAnUnwrittenChannelCarriesItsParent() {
    started(64);
    client.setNextIdForTest(5);
    client.fail(client.openChannel(rec), 7, "");
    assertEquals(vector("frame-26-ext-error-unwritten.vec"), rec.lastHex());
  }

  @Test
  void pingAfterOneSilentIntervalTimeoutAfterTwo() {
    Engine e = new Engine(true, new ExtendedMode(64, 262144, 10_000), Limits.defaults(), rec, rec);
    e.start(0);
    receive(e, frame("t", "hello", "v", 1L, "cap", 64L, "win", 262144L, "ka", 0L));
    e.tick(9_999);
    assertEquals(1, rec.sent.size(), "quiet before one interval");
    e.tick(10_000);
    assertEquals(vector("frame-27-ext-ping.vec"), rec.lastHex());
    receive(e, Hex.decode(vector("frame-28-ext-pong.vec")));
    e.tick(29_999);
    ProtocolException timeout = assertThrows(ProtocolException.class, () -> e.tick(30_000));
    assertEquals(CloseCodes.KEEPALIVE_TIMEOUT, timeout.closeCode());
  }

  @Test
  void pingIsAnsweredWithPong() {
    started(64);
    receive(client, Hex.decode(vector("frame-27-ext-ping.vec")));
    assertEquals(vector("frame-28-ext-pong.vec"), rec.lastHex());
  }

  @Test
  void pingSeqBeyondUint32IsAProtocolError() {
    // Found by EngineFuzzTest: the pong could not be encoded, and a MsgpackEncodeException escaped receive().
    started(64);
    receive(client, frame("t", "ping", "seq", 0xFFFFFFFFL));
    assertEquals("82 a1 74 a4 70 6f 6e 67 a3 73 65 71 ce ff ff ff ff", rec.lastHex());
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> receive(client, frame("t", "ping", "seq", 0x100000000L)));
    assertEquals(CloseCodes.PROTOCOL_ERROR, e.closeCode());
  }

  @Test
  void creditLimitsMessagesInFlightPerChannel() {
    started(2);
    Chan a = client.openChannel(rec);
    Chan b = client.openChannel(rec);
    for (int i = 0; i < 5; i++) client.send(a, "a" + i);
    assertEquals(2, client.completed(a), "capacity 2: two transmitted, three held");
    client.send(b, "b");
    assertEquals(1, client.completed(b), "another channel is not held back");
    receive(client, frame("t", "credit", "id", 1L, "credit", 2L));
    assertEquals(4, client.completed(a));
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> receive(client, frame("t", "credit", "id", 1L, "credit", 5L)));
    assertTrue(e.getMessage().contains("exceeds what was sent"), e.getMessage());
  }

  @Test
  void unbufferedChannelCompletesOnCredit() {
    started(0);
    Chan c = client.openChannel(rec);
    client.send(c, "m1");
    client.send(c, "m2");
    assertEquals(0, client.completed(c), "capacity 0: complete only once taken");
    assertEquals(1, rec.sent.size(), "and only one message in flight");
    receive(client, frame("t", "credit", "id", 1L, "credit", 1L));
    assertEquals(1, client.completed(c));
    assertEquals(2, rec.sent.size());
  }

  @Test
  void unbufferedSendThenCloseCompletesWhenTaken() {
    started(0);
    Chan c = client.openChannel(rec);
    client.send(c, "last");
    client.end(c);
    assertEquals("81 a2 69 64 01", rec.lastHex());
    assertEquals(0, client.completed(c));
    assertEquals(1, client.openCount(), "kept until the last send was taken, so its credit is not ignored");
    receive(client, frame("t", "credit", "id", 1L, "credit", 1L));
    assertEquals(1, client.completed(c));
    assertEquals(0, client.openCount());
  }

  @Test
  void readerCreditsAnUnbufferedChannelEvenAfterItsEnd() {
    started(64);
    Chan c = client.openChannel(rec);
    Chan reply = client.newUnbound(Chan.Kind.IN, rec, 0);
    client.send(c, Map.of("reply", reply));
    receive(client, frame("id", 3L, "data", "answer", "parent", null));
    receive(client, frame("id", 3L));
    client.consumed(reply, 1);
    assertEquals(vector("frame-23-ext-credit.vec"), rec.lastHex(), "the writer's send waits for this credit");
  }

  @Test
  void aWriterBeyondTheCapacityIsAViolation() {
    started(64);
    receive(client, frame("id", 2L, "data", "x", "parent", null));
    for (int i = 0; i < 63; i++) receive(client, frame("id", 2L, "data", "x"));
    ProtocolException e = assertThrows(ProtocolException.class, () -> receive(client, frame("id", 2L, "data", "x")));
    assertEquals(CloseCodes.POLICY_VIOLATION, e.closeCode());
    assertTrue(e.getMessage().contains("capacity (64)"), e.getMessage());
  }

  @Test
  void cancelDropsQueuedMessagesAndEndsTheChannel() {
    started(1);
    Chan c = client.openChannel(rec);
    Chan orphan = client.newUnbound(Chan.Kind.OUT, rec);
    client.send(c, "sent");
    client.send(c, List.of(orphan)); // held: capacity 1
    receive(client, frame("t", "cancel", "id", 1L));
    assertEquals("81 a2 69 64 01", rec.lastHex(), "END answers the cancel");
    assertTrue(rec.events.contains(orphan.id() + ":FAILED"), "a channel only a dropped message carried fails");
    assertEquals(0, client.openCount());
    assertThrows(org.libchan4j.ChannelClosedException.class, () -> client.send(c, "late"));
  }

  /** Fuzzing found it (EngineFuzzTestInputs/session/cancel-after-end-queued-behind-credit). */
  @Test
  void cancelAfterAnEndStillQueuedDropsTheQueueAndEndsTheChannel() {
    started(1);
    Chan c = client.openChannel(rec);
    Chan orphan = client.newUnbound(Chan.Kind.OUT, rec);
    client.send(c, "sent");
    client.send(c, List.of(orphan)); // held: capacity 1
    client.end(c); // the END waits behind it
    rec.sent.clear();
    receive(client, frame("t", "cancel", "id", 1L)); // was ignored: the reader discards, sends no credit, and the
    // queue, the END and the orphan waited forever
    assertEquals(List.of("81 a2 69 64 01"), rec.sent.stream().map(Hex::encode).toList(), "END answers the cancel");
    assertTrue(rec.events.contains(orphan.id() + ":FAILED"), "a channel only a dropped message carried fails");
    assertEquals(0, client.openCount());
  }

  @Test
  void falseIsDataInExtendedMode() {
    started(64);
    receive(client, frame("id", 2L, "data", "first", "parent", null));
    receive(client, frame("id", 2L, "data", false));
    assertEquals(List.of("2:first", "2:false"), rec.events);
  }

  @Test
  void channelFramesBeforeHelloAreAViolation() {
    client.start(0);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> receive(client, frame("id", 2L, "data", "x", "parent", null)));
    assertEquals("frame before the peer's hello", e.getMessage());
  }
}
