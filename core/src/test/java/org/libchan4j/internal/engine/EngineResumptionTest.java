package org.libchan4j.internal.engine;

import static org.libchan4j.internal.engine.EngineFrames.frame;
import static org.libchan4j.internal.engine.EngineFrames.receive;
import static org.libchan4j.internal.engine.EngineFrames.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

/** Resumption in the engine (PROTOCOL.md section 14.6): the frame-33..36 vectors, numbering, acks and replay. */
class EngineResumptionTest {
  private static final String TOKEN = "q83vEjRWeJASNFZ4kBI0VniQ";

  private final Recorder serverRec = new Recorder();
  private final Recorder clientRec = new Recorder();
  private final Engine server = new Engine(false, new ExtendedMode(64, 262144, 25000, 1048576, TOKEN),
      Limits.defaults(), serverRec, serverRec);
  private final Engine client = new Engine(true, new ExtendedMode(64, 262144, 25000, 4096, null),
      Limits.defaults(), clientRec, clientRec);

  /** Delivers everything {@code from} sent since the last call to {@code to}. */
  private static void pump(Recorder from, Engine to) {
    List<byte[]> frames = new ArrayList<>(from.sent);
    from.sent.clear();
    for (byte[] f : frames) receive(to, f);
  }

  private void handshake() {
    handshake(server);
  }

  private void handshake(Engine server) {
    server.start(0);
    client.start(0);
    pump(clientRec, server);
    pump(serverRec, client);
    assertTrue(server.isResumable() && client.isResumable());
  }

  /** Delivers both ways until neither side has anything more to say. */
  private void settle(Engine server) {
    while (!clientRec.sent.isEmpty() || !serverRec.sent.isEmpty()) {
      pump(clientRec, server);
      pump(serverRec, client);
    }
  }

  @Test
  void theServersHelloCarriesItsReplayWindowAndToken() {
    server.start(0);
    assertEquals(vector("frame-33-ext-hello-resumable.vec"), serverRec.lastHex());
  }

  @Test
  void resumptionNeedsBothSidesAndTheServersToken() {
    Engine plain = new Engine(true, new ExtendedMode(64, 262144, 0), Limits.defaults(), clientRec, clientRec);
    server.start(0);
    plain.start(0);
    receive(server, clientRec.sent.get(0));
    receive(plain, serverRec.sent.get(0));
    assertFalse(server.isResumable(), "the client announced no rs");
    assertFalse(plain.isResumable());
    assertNull(plain.resumeToken());
    clientRec.sent.clear();
    client.start(0);
    receive(client, frame("t", "hello", "v", 1L, "cap", 64L, "win", 262144L, "ka", 0L, "rs", 4096L));
    assertFalse(client.isResumable(), "a server hello without tok offers no resumption");
  }

  @Test
  void theReceiverAcknowledgesEveryHalfReplayWindowAndOnTick() {
    Engine server = new Engine(false, new ExtendedMode(1000, 262144, 25000, 1048576, TOKEN), Limits.defaults(),
        serverRec, serverRec); // capacity 1000: no credit needed for the 300 frames below
    handshake(server);
    Chan out = client.openChannel(clientRec);
    for (int i = 0; i < 299; i++) client.send(out, "message " + i);
    client.end(out); // 300 numbered frames, about 5 KiB: more than the client's 4 KiB replay window
    int acks = 0;
    while (!clientRec.sent.isEmpty()) {
      pump(clientRec, server);
      for (byte[] f : serverRec.sent) if (Hex.encode(f).startsWith("82 a1 74 a3 61 63 6b")) acks++;
      pump(serverRec, client);
    }
    assertTrue(acks >= 2, "the server acknowledged each half window (2 KiB): " + acks + " acks");
    assertEquals(300, serverRec.events.size(), "all 300 frames arrived, the window notwithstanding");
    assertTrue(client.replayBytes() > 0, "the tail is not acknowledged yet");
    server.tick(1);
    assertEquals(vector("frame-34-ext-ack.vec"), serverRec.lastHex(), "the tick acknowledges all 300");
    pump(serverRec, client);
    assertEquals(0, client.replayBytes(), "acknowledged frames leave the replay buffer");
  }

  @Test
  void theClientAsksToResumeWithWhatItReceivedAndTheServerAnswers() {
    handshake();
    Chan down = server.openChannel(serverRec);
    for (int i = 0; i < 7; i++) server.send(down, i + 1L);
    pump(serverRec, client);
    Chan up = client.openChannel(clientRec);
    for (int i = 0; i < 5; i++) client.send(up, i + 1L);
    pump(clientRec, server);

    // The connection drops; both sides go on sending into their replay buffers.
    client.detach();
    server.detach();
    server.send(down, 8L);
    client.send(up, 6L);
    assertTrue(serverRec.sent.isEmpty() && clientRec.sent.isEmpty(), "nothing is transmitted while detached");

    client.resume(10);
    assertEquals(vector("frame-35-ext-resume.vec"), clientRec.lastHex());
    Engine.ResumeRequest request = Engine.readResume(clientRec.sent.remove(0), Limits.defaults());
    assertEquals(TOKEN, request.token);
    assertEquals(7, request.received);

    server.acceptResume(request.received, 10);
    assertEquals(vector("frame-36-ext-resumed.vec"), Hex.encode(serverRec.sent.get(0)));
    assertEquals(2, serverRec.sent.size(), "resumed, then the one frame the client missed");
    clientRec.events.clear();
    pump(serverRec, client);
    assertEquals(List.of(down.id() + ":8"), clientRec.events, "exactly the missed message, once");
    assertEquals(1, clientRec.sent.size(), "the client transmits again the one frame the server missed");
    serverRec.events.clear();
    pump(clientRec, server);
    assertEquals(List.of(up.id() + ":6"), serverRec.events);
  }

  @Test
  void aResumeRequestIsRecognisedOnlyAsTheFirstFrameAlone() {
    assertNull(Engine.readResume(frame("t", "hello", "v", 1L), Limits.defaults()), "a hello opens a new session");
    byte[] resume = frame("t", "resume", "tok", TOKEN, "n", 1L);
    byte[] twice = new byte[resume.length * 2];
    System.arraycopy(resume, 0, twice, 0, resume.length);
    System.arraycopy(resume, 0, twice, resume.length, resume.length);
    assertEquals(CloseCodes.PROTOCOL_ERROR,
        assertThrows(ProtocolException.class, () -> Engine.readResume(twice, Limits.defaults())).closeCode());
    assertEquals(CloseCodes.PROTOCOL_ERROR, assertThrows(ProtocolException.class,
        () -> Engine.readResume(frame("t", "resume", "n", 1L), Limits.defaults())).closeCode());
  }

  @Test
  void lyingPeersAreProtocolErrors() {
    handshake();
    ProtocolException beyond = assertThrows(ProtocolException.class, () -> receive(client, frame("t", "ack", "n", 1L)));
    assertEquals(CloseCodes.PROTOCOL_ERROR, beyond.closeCode(), "an ack of frames never sent");
    ProtocolException unasked = assertThrows(ProtocolException.class,
        () -> receive(server, frame("t", "resumed", "n", 0L)));
    assertEquals(CloseCodes.PROTOCOL_ERROR, unasked.closeCode(), "resumed without a resume request");
    Engine other = new Engine(false, new ExtendedMode(64, 262144, 0, 4096, TOKEN), Limits.defaults(), serverRec, serverRec);
    other.start(0);
    ProtocolException inside = assertThrows(ProtocolException.class,
        () -> receive(other, frame("t", "resume", "tok", TOKEN, "n", 0L)));
    assertEquals(CloseCodes.PROTOCOL_ERROR, inside.closeCode(), "a resume frame inside a session");
    Engine noResume = new Engine(false, new ExtendedMode(64, 262144, 0), Limits.defaults(), serverRec, serverRec);
    noResume.start(0);
    receive(noResume, frame("t", "hello", "v", 1L, "cap", 64L, "win", 262144L, "ka", 0L));
    assertEquals(CloseCodes.PROTOCOL_ERROR, assertThrows(ProtocolException.class,
        () -> receive(noResume, frame("t", "ack", "n", 0L))).closeCode(), "an ack without resumption");
  }

  @Test
  void dataWaitsWhileTheReplayWindowIsFullAndFlowsOnAck() {
    handshake();
    Chan out = client.openChannel(clientRec);
    String kb = "x".repeat(1000);
    for (int i = 0; i < 10; i++) client.send(out, kb);
    // The client's replay window is 4 KiB: transmission stops once 4 KiB are unacknowledged.
    assertEquals(5, clientRec.sent.size(), "4 frames fill 4 KiB... the 5th overshoots by one frame");
    assertTrue(client.replayBytes() >= 4096 && client.replayBytes() < 4096 + 1100);
    settle(server); // the server acknowledges at each half window; the acks release the rest
    assertEquals(10, client.completed(out), "every message was transmitted after the acks");
    assertEquals(10, serverRec.events.size(), "and received once each");
  }
}
