package org.libchan4j.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.msgpack.MsgpackException;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;

/**
 * One engine under fuzzing with the application around it, as the session layer drives it, and the invariants every
 * step must keep: only documented exceptions, limits respected, well-formed frames out, no delivery after a
 * channel's end, and a consistent engine after a close.
 */
final class FuzzSide implements Engine.Listener, Engine.Output {
  /** Close codes a peer's input may cause ({@code PROTOCOL.md} section 10); 4000 comes from tick only. */
  static final Set<Integer> INPUT_CODES = Set.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.INVALID_DATA,
      CloseCodes.POLICY_VIOLATION, CloseCodes.MESSAGE_TOO_BIG);

  final String name;
  final Limits limits;
  final Engine engine;
  final boolean extended;
  /** This side's extended-mode settings, or null in compat mode. */
  final ExtendedMode ext;
  /** Frames sent, not yet delivered to the peer. */
  final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
  /** Every channel and stream the application holds, in creation order. */
  final List<App> apps = new ArrayList<>();
  long now;

  FuzzSide(String name, boolean client, ExtendedMode ext, Limits limits) {
    this.name = name;
    this.limits = limits;
    this.extended = ext != null;
    this.ext = ext;
    this.engine = new Engine(client, ext, limits, this, this);
  }

  @Override
  public void onInboundChannel(Chan chan) {
    check(chan.kind() == Chan.Kind.IN && chan.isBound(), "inbound channel " + chan + " of kind " + chan.kind());
    apps.add(new App(this, chan));
  }

  @Override
  public void onReference(Chan chan) {
    check(chan.isBound(), "reference " + chan + " is unbound");
    apps.add(new App(this, chan));
  }

  @Override
  public void send(byte[] message) {
    check(!engine.isClosed(), "frame sent after close");
    check(message.length <= limits.maxMessageBytes(), "frame of " + message.length + " bytes over maxMessageBytes");
    Object frame;
    try {
      frame = new MsgpackReader(MsgpackLimits.DEFAULT, null).readOnly(message, 0, message.length);
    } catch (MsgpackException e) {
      throw new AssertionError(name + " sent a malformed frame: " + e.getMessage(), e);
    }
    check(frame instanceof Map, "frame is not a map: " + frame);
    outbox.add(message);
  }

  /** Feeds one transport message; returns false when the engine rejected it (and is now closed). */
  boolean receive(byte[] message) {
    try {
      engine.receive(message, 0, message.length);
      return true;
    } catch (ProtocolException e) {
      check(INPUT_CODES.contains(e.closeCode()), "close code " + e.closeCode() + " for input: " + e.getMessage());
      closeLikeTheOwner(e);
      return false;
    }
  }

  /** Advances this side's clock; returns false when keepalive timed out (and the engine is now closed). */
  boolean tick(long millis) {
    now += millis;
    try {
      engine.tick(now);
      return true;
    } catch (ProtocolException e) {
      check(extended && e.closeCode() == CloseCodes.KEEPALIVE_TIMEOUT, "tick threw " + e);
      closeLikeTheOwner(e);
      return false;
    }
  }

  /** What SessionImpl does when the engine fails or the transport ends. */
  void closeLikeTheOwner(RuntimeException cause) {
    engine.close(new SessionClosedException(cause instanceof ProtocolException
        ? ((ProtocolException) cause).closeCode() : CloseCodes.ABNORMAL, "closed: " + cause.getMessage(), cause));
    checkInvariants();
  }

  App findApp(Chan chan) {
    for (App a : apps) if (a.chan == chan) return a;
    return null;
  }

  /** The bounds the engine promises, after every step. */
  void checkInvariants() {
    check(engine.openCount() <= limits.maxOpenChannels(), "openCount " + engine.openCount() + " over the limit");
    check(engine.pendingFrameCount() <= limits.maxPendingFrames(), "pendingFrameCount over the limit");
    check(engine.pendingFrameCount() >= 0, "negative pendingFrameCount");
    Traffic t = engine.traffic();
    check(t.channelsOpened() - t.channelsClosed() == engine.openCount(), "traffic counts " + t.channelsOpened()
        + " channels opened and " + t.channelsClosed() + " closed, but " + engine.openCount() + " are open");
    if (engine.isClosed()) {
      check(engine.openCount() == 0, "closed engine holds " + engine.openCount() + " channels");
      check(engine.pendingFrameCount() == 0, "closed engine holds pending frames");
      return;
    }
    if (!extended) return;
    // Resumption keeps transmitted frames until acknowledged: at most the replay window plus one message.
    check(engine.replayBytes() >= 0, "negative replayBytes " + engine.replayBytes());
    check(engine.replayBytes() <= (long) ext.replayWindow + limits.maxMessageBytes(),
        "replay buffer of " + engine.replayBytes() + " bytes over replay window " + ext.replayWindow + " + one message");
    for (App a : apps) {
      long unread = a.delivered - a.consumed;
      if (a.chan.kind() == Chan.Kind.IN) {
        check(unread <= Math.max(a.chan.cap, 1), a.chan + " holds " + unread + " unread over capacity " + a.chan.cap);
      } else if (a.chan.kind() == Chan.Kind.STREAM) {
        check(unread <= a.chan.ownWindow + limits.maxMessageBytes(), a.chan + " holds " + unread + " unread bytes");
      }
    }
  }

  void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(name + ": " + what);
  }

  /** The application's view of one channel or stream: what was delivered and taken, and the events seen. */
  static final class App implements ChanHandler {
    final FuzzSide side;
    final Chan chan;
    long delivered;
    long consumed;
    boolean ended;
    boolean failed;
    boolean failedAtClose;
    /** A reading direction the application stopped reading (end or fail on it: cancel). */
    boolean cancelled;
    /** Writing direction: messages sent so far (their "n"); reading: the "n" values received, in order. */
    long sentSeq;
    final List<Long> receivedSeqs = new ArrayList<>();

    App(FuzzSide side, Chan chan) {
      this.side = side;
      this.chan = chan;
      chan.setHandler(this);
    }

    @Override
    public void onData(Chan c, Object data, int wireBytes) {
      same(c);
      side.check(c.kind() != Chan.Kind.OUT, "data delivered on " + c + ", which this side writes");
      side.check(!ended && !failed, "data on " + c + " after its " + (ended ? "end" : "failure"));
      side.check(!side.engine.isClosed(), "data on " + c + " after the close");
      side.check(wireBytes > 0, "wireBytes " + wireBytes);
      if (c.kind() == Chan.Kind.STREAM) {
        side.check(data instanceof byte[], "stream chunk is " + data);
        delivered += ((byte[]) data).length;
      } else {
        delivered++;
        if (data instanceof Map && ((Map<?, ?>) data).get("n") instanceof Long) {
          receivedSeqs.add((Long) ((Map<?, ?>) data).get("n"));
        } else {
          receivedSeqs.add(-1L);
        }
      }
    }

    @Override
    public void onEnd(Chan c) {
      same(c);
      side.check(c.kind() != Chan.Kind.OUT, "end delivered on " + c + ", which this side writes");
      side.check(!ended && !failed, "second end of " + c);
      ended = true;
    }

    @Override
    public void onFailed(Chan c, RuntimeException cause) {
      same(c);
      side.check(cause != null, "failure without a cause");
      if (c.kind() == Chan.Kind.STREAM) {
        // The peer's END or error ends the reading direction; this side's direction still fails at the close.
        side.check(!failed || (side.engine.isClosed() && !failedAtClose), "second failure of " + c);
        failedAtClose = side.engine.isClosed();
      } else {
        side.check(!failed && !ended, "failure of " + c + " after its " + (ended ? "end" : "failure"));
      }
      failed = true;
    }

    @Override
    public void onCancelled(Chan c) {
      same(c);
      side.check(c.kind() != Chan.Kind.IN, "cancel delivered on " + c + ", which this side reads");
    }

    private void same(Chan c) {
      side.check(c == chan, "event for " + c + " reached the handler of " + chan);
    }
  }
}
