package org.libchan4j.internal.engine;

import java.util.ArrayDeque;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;

/**
 * Internal: the engine's link to the peer as a state machine: the hello handshake, keepalive in the owner's clock,
 * and for resumption (PROTOCOL.md section 14.6) the numbering, acknowledgement and replay of transmitted frames.
 */
final class Link {
  // Where the link is (the value of state). A closed session is the engine's concern: the link keeps its last
  // state. Int constants rather than an enum: TeaVM ships each enum as a class (~300 bytes of the browser bundle).
  /** Extended mode: this side's hello is out, the peer's has not arrived; channel frames wait. */
  static final int HELLO_PENDING = 0;
  /** Connected: frames go out as they are transmitted. */
  static final int LINKED = 1;
  /** The connection is gone: numbered frames only go to the replay buffer, keepalive stops. */
  static final int DETACHED = 2;
  /** Client: a resume request went out on a new connection; only the server's resumed may come in. */
  static final int RESUMING = 3;

  private final Engine.Output output;
  private final FrameWriter frames;
  private final long replayWindow;
  private final long keepAliveMillis;
  private int state;
  /** Numbered frames the peer has not acknowledged, or {@code null} when this side keeps none (no resumption). */
  private ArrayDeque<byte[]> replay;
  private long replayBytes;
  /** A transmission waited for room in the replay buffer: channels are flushed again when an ack makes room. */
  private boolean full;
  private long ackedSeq;
  private long receivedSeq;
  private long ackSentSeq;
  private long receivedSinceAck;
  private long peerReplayWindow;
  private String token;
  // Keepalive, in the owner's clock.
  private long now;
  private long lastReceived;
  private long lastPingSent;
  private long pingSeq;

  /** @param ext this side's extended-mode settings, or {@code null} in compat mode (always linked, no hello). */
  Link(ExtendedMode ext, Engine.Output output, FrameWriter frames) {
    this.output = output;
    this.frames = frames;
    this.state = ext == null ? LINKED : HELLO_PENDING;
    this.replayWindow = ext == null ? 0 : ext.replayWindow;
    this.keepAliveMillis = ext == null ? 0 : ext.keepAliveMillis;
    this.token = ext == null ? null : ext.token;
    if (replayWindow > 0) replay = new ArrayDeque<>();
  }

  // ---------------------------------------------------------------- state

  /** True while a connection is attached (and, on the client, resumed). */
  boolean isLinked() {
    return state == LINKED || state == HELLO_PENDING;
  }

  boolean helloReceived() {
    return state != HELLO_PENDING;
  }

  boolean isResuming() {
    return state == RESUMING;
  }

  /** True when both hellos agreed on resumption. */
  boolean isResumable() {
    return state != HELLO_PENDING && replay != null;
  }

  String token() {
    return token;
  }

  long replayBytes() {
    return replayBytes;
  }

  /**
   * The peer's hello, with its replay window ({@code rs}, 0 without) and token: resumption is on when both sides
   * keep a replay buffer and a token is known (a client takes the server's).
   */
  void peerHello(long rs, String peerToken, boolean client) {
    if (client && peerToken != null && replay != null) token = peerToken;
    peerReplayWindow = rs;
    if (replay != null && (rs < 1024 || token == null)) {
      replay = null;
      replayBytes = 0;
    }
    state = LINKED;
  }

  /** The connection is gone; see {@link Engine#detach}. */
  void detach() {
    state = DETACHED;
  }

  // ---------------------------------------------------------------- transmission

  /** The session ended: nothing will be replayed, so the buffer goes (up to the replay window per session). */
  void release() {
    if (replay != null) replay.clear();
    replayBytes = 0;
  }

  /** A numbered frame (about the channels): kept for replay until acknowledged, sent while linked. */
  void emit(byte[] frame) {
    if (replay != null) {
      replay.add(frame);
      replayBytes += frame.length;
    }
    if (isLinked()) output.send(frame);
  }

  /** A frame about the link itself (hello, keepalive, resumption): never numbered, never replayed. */
  void write(byte[] frame) {
    output.send(frame);
  }

  /** False (and remembered) when the replay buffer is full: data must wait for the peer's ack. */
  boolean hasRoom() {
    if (replay != null && replayBytes >= replayWindow) {
      full = true;
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- receiving and acknowledging

  /** Something arrived from the peer (keepalive). */
  void heard() {
    lastReceived = now;
  }

  /** A numbered frame of {@code size} bytes was processed. */
  void counted(int size) {
    if (replay != null) {
      receivedSeq++;
      receivedSinceAck += size;
    }
  }

  /** After a message: acknowledges once half the peer's replay window was received unacknowledged. */
  void ackIfHalfWindow() {
    if (state == LINKED && replay != null && receivedSinceAck >= peerReplayWindow / 2) sendAck();
  }

  private void sendAck() {
    ackSentSeq = receivedSeq;
    receivedSinceAck = 0;
    write(frames.ack(receivedSeq));
  }

  /**
   * The peer has received numbered frames up to {@code n} (mod 2^32): drops them from the replay buffer. Returns
   * true when this made room for transmissions that waited (the channels should be flushed).
   */
  boolean acknowledged(long n) {
    long delta = (n - ackedSeq) & FrameWriter.MAX_ID;
    if (delta > replay.size()) {
      throw Engine.protocol("ack of frame " + n + " beyond the " + (ackedSeq + replay.size()) + " frames sent");
    }
    for (long i = 0; i < delta; i++) replayBytes -= replay.poll().length;
    ackedSeq += delta;
    if (full && replayBytes < replayWindow) {
      full = false;
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- resumption handshake

  /** Client: sends the resume request on a new connection and waits for resumed. */
  void resume(long nowMillis) {
    now = nowMillis;
    lastReceived = nowMillis;
    state = RESUMING;
    byte[] frame = frames.resume(token, receivedSeq);
    ackSentSeq = receivedSeq;
    receivedSinceAck = 0;
    write(frame);
  }

  /** Server: answers an accepted resume request with what this side has received. */
  void acceptResume(long nowMillis) {
    now = nowMillis;
    byte[] frame = frames.resumed(receivedSeq);
    ackSentSeq = receivedSeq;
    receivedSinceAck = 0;
    write(frame);
  }

  /** After the handshake (and the ack it carried): linked again; every unacknowledged frame goes out again. */
  void relink() {
    state = LINKED;
    lastReceived = now;
    lastPingSent = now;
    for (byte[] frame : replay) output.send(frame);
  }

  // ---------------------------------------------------------------- keepalive

  void start(long nowMillis) {
    now = nowMillis;
    lastReceived = nowMillis;
    lastPingSent = nowMillis;
  }

  void setTime(long nowMillis) {
    now = nowMillis;
  }

  /**
   * Extended mode, at the owner's time: acknowledges what is unacknowledged, sends a ping when nothing arrived for
   * one interval and throws {@link ProtocolException} ({@link CloseCodes#KEEPALIVE_TIMEOUT}) after two.
   */
  void tick() {
    if (state == DETACHED) return;
    boolean linked = isLinked();
    if (linked && isResumable() && receivedSeq != ackSentSeq) sendAck();
    if (keepAliveMillis == 0) return;
    long ka = keepAliveMillis;
    long silent = now - lastReceived;
    if (silent >= 2 * ka) {
      throw new ProtocolException(CloseCodes.KEEPALIVE_TIMEOUT, "keepalive timeout: nothing from the peer for "
          + silent + " ms (interval " + ka + " ms)");
    }
    if (linked && silent >= ka && now - lastPingSent >= ka) {
      lastPingSent = now;
      write(frames.ping(++pingSeq));
    }
  }
}
