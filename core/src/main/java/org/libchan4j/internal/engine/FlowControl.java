package org.libchan4j.internal.engine;

import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;

/**
 * Internal: extended-mode flow control (PROTOCOL.md section 14): what this side may transmit within the peer's
 * capacity or window, and when it returns credit for what its application consumed. Channels count messages,
 * streams bytes.
 */
final class FlowControl {
  /** {@link Chan#cap} / {@link Chan#window} value meaning "the peer's default from its hello". */
  static final int PEER_DEFAULT = -2;

  private long peerCapacity;
  private long peerWindow;

  /** The peer's hello: its defaults for the channels and streams this side writes to it. */
  void peerDefaults(long capacity, long window) {
    peerCapacity = capacity;
    peerWindow = window;
  }

  long capOf(Chan chan) {
    return chan.cap == PEER_DEFAULT ? peerCapacity : chan.cap;
  }

  private long windowOf(Chan chan) {
    return chan.window == PEER_DEFAULT ? peerWindow : chan.window;
  }

  /** Writing direction: true when a frame of {@code cost} fits what the peer has room for. */
  boolean hasCredit(Chan chan, int cost) {
    long inFlight = chan.sent - chan.taken;
    if (chan.kind == Chan.Kind.OUT) return inFlight < Math.max(capOf(chan), 1);
    return inFlight == 0 || inFlight + cost <= windowOf(chan);
  }

  /** Writing direction: see {@link Engine#completed}; an unbuffered channel's message is complete once taken. */
  long completed(Chan chan) {
    if (chan.kind == Chan.Kind.OUT && capOf(chan) == 0) return Math.min(chan.taken, chan.sent);
    return chan.sent;
  }

  /**
   * Writing direction: the peer's credit of {@code n} for {@code chan}.
   *
   * @throws ProtocolException more credit than was sent
   */
  void credited(Chan chan, long n) {
    if (chan.taken + n > chan.sent) {
      throw Engine.protocol("credit of " + n + " for id " + chan.id + " exceeds what was sent ("
          + (chan.sent - chan.taken) + ")");
    }
    chan.taken += n;
  }

  /**
   * Reading direction: the application consumed {@code n}; returns the credit to send now (0: not yet). Channels
   * credit in batches of half the capacity, and at once when the channel is unbuffered or the writer has used its
   * whole capacity (a send of its may be waiting: Go lets it go on as soon as one slot frees). Streams credit in
   * batches of half the window, and at once when the reader's buffer is empty (a chunk larger than the room left
   * would otherwise wait for credit that never comes).
   */
  long consumed(Chan chan, long n) {
    chan.consumed += n;
    long unacked = chan.consumed - chan.acked;
    if (unacked <= 0) return 0;
    boolean now;
    if (chan.kind == Chan.Kind.STREAM) {
      now = unacked >= Math.max(1, chan.ownWindow / 2) || chan.consumed == chan.delivered;
    } else {
      now = unacked >= Math.max(1, chan.cap / 2) || writerMayWait(chan);
    }
    if (!now) return 0;
    chan.acked = chan.consumed;
    return unacked;
  }

  /**
   * Reading direction, when a message arrives: the credit to send now (0: none). A message that fills the writer's
   * whole capacity while the application has consumed some not yet credited means the writer may be waiting for
   * exactly that credit, and the application may not consume again before it gets what the writer sends next.
   */
  long arrived(Chan chan) {
    long unacked = chan.consumed - chan.acked;
    if (unacked <= 0 || !writerMayWait(chan)) return 0;
    chan.acked = chan.consumed;
    return unacked;
  }

  /** The writer has used the channel's whole capacity (counted from what arrived and was not credited). */
  private static boolean writerMayWait(Chan chan) {
    return chan.delivered - chan.acked >= Math.max(chan.cap, 1);
  }

  /** Reading direction: one more message on an IN channel, within its capacity. */
  void deliveredMessage(Chan chan) {
    if (++chan.delivered - chan.acked > Math.max(chan.cap, 1)) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "peer sent more than the capacity ("
          + chan.cap + ") of channel " + chan.id);
    }
  }

  /** Reading direction: {@code n} more bytes on a stream, within this side's window. */
  void deliveredBytes(Chan chan, int n) {
    long before = chan.delivered - chan.acked;
    chan.delivered += n;
    if (before > 0 && before + n > chan.ownWindow) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "peer sent more than the window ("
          + chan.ownWindow + " bytes) of stream " + chan.id);
    }
  }
}
