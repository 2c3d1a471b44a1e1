package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libchan4j.CloseCodes;
import org.libchan4j.EncodingException;
import org.libchan4j.ProtocolException;

/**
 * Internal: everything that differs between the compat (jschan) framing and the extended mode (PROTOCOL.md
 * section 14): the hello and the other link frames, flow control (credit within the peer's capacity or window),
 * cancel and error frames, keepalive. The rest of the engine asks it and never tests the mode itself. Compat mode
 * has no hello, no credit (frames go out as soon as they are sent), no cancel and no error frame.
 *
 * <p>Flow control lives here rather than in a class of its own: each class costs a few hundred bytes of the browser
 * bundle. Channels count messages, streams bytes.
 */
final class Mode {
  /** {@link Chan#cap} / {@link Chan#window} value meaning "the peer's default from its hello". */
  static final int PEER_DEFAULT = -2;
  private static final long MAX_ID = FrameWriter.MAX_ID;

  /** This side's extended-mode settings; {@code null} in compat mode. */
  private final ExtendedMode ext;
  private final boolean client;
  private final Link link;
  private final FrameWriter frames;
  // The peer's defaults from its hello, for the channels and streams this side writes to it.
  private long peerCapacity;
  private long peerWindow;

  Mode(ExtendedMode ext, boolean client, Link link, FrameWriter frames) {
    this.ext = ext;
    this.client = client;
    this.link = link;
    this.frames = frames;
  }

  boolean isExtended() {
    return ext != null;
  }

  /** The session starts: the extended mode sends its hello. */
  void start() {
    if (ext != null) link.write(frames.hello(ext));
  }

  /**
   * A new channel or stream's flow-control fields; {@code capacity} is an IN channel's, -1 for this side's default.
   * Channels this side writes use the peer's default until a reference says otherwise. Compat: unlimited.
   */
  void init(Chan chan, int capacity) {
    if (ext == null) return;
    if (chan.kind == Chan.Kind.IN) {
      chan.cap = capacity >= 0 ? capacity : ext.capacity;
    } else if (chan.kind == Chan.Kind.OUT) {
      chan.cap = PEER_DEFAULT;
    } else {
      chan.window = PEER_DEFAULT;
      chan.ownWindow = ext.streamWindow;
    }
  }

  // ---------------------------------------------------------------- writing side

  /** Rejects a message the peer could not read as one: jschan reads a falsy value as the end of the channel. */
  void checkMessage(Object data) {
    if (ext != null) {
      if (data == null) throw new EncodingException("a message cannot be null");
      return;
    }
    String falsy = falsy(data);
    if (falsy != null) {
      throw new EncodingException("cannot send " + falsy + ": a jschan peer reads it as the end of the channel;"
          + " wrap it in a map or list");
    }
  }

  /**
   * Extended mode: the channels a message bound, whose frames wait until it is transmitted; else null (compat
   * transmits at once, so a reference is announced as soon as its message is sent).
   */
  List<Chan> announces(List<Chan> bound) {
    if (bound.isEmpty() || ext == null) return null;
    List<Chan> announces = new ArrayList<>(bound);
    for (Chan c : announces) c.announced = false;
    return announces;
  }

  /** True when frames wait in their channel's queue for credit and announcement; compat transmits at once. */
  boolean queues() {
    return ext != null;
  }

  /**
   * Extended mode: true when a queued frame may be transmitted now: after the peer's hello and its reference's
   * announcement, within the replay buffer and the peer's capacity or window.
   */
  boolean mayTransmit(Chan chan, Outgoing out) {
    if (!link.helloReceived() || !chan.announced) return false;
    if (out.cost == 0) return true;
    if (!link.hasRoom()) return false; // flushed again when the peer acknowledges (see Outbound.acknowledged)
    long inFlight = chan.sent - chan.taken;
    if (chan.kind == Chan.Kind.OUT) return inFlight < Math.max(capOf(chan), 1);
    return inFlight == 0 || inFlight + out.cost <= (chan.window == PEER_DEFAULT ? peerWindow : chan.window);
  }

  private long capOf(Chan chan) {
    return chan.cap == PEER_DEFAULT ? peerCapacity : chan.cap;
  }

  /**
   * See {@link Engine#completed}: in compat mode everything sent is complete; in extended mode an unbuffered
   * channel's message is complete once taken.
   */
  long completed(Chan chan) {
    if (ext != null && chan.kind == Chan.Kind.OUT && capOf(chan) == 0) return Math.min(chan.taken, chan.sent);
    return chan.sent;
  }

  /** What a failed direction's last frame carries: the message (an error frame), or in compat mode null (END). */
  String errorMessage(String message) {
    return ext != null ? message : null;
  }

  /**
   * See {@link Engine#abandonOutput}: the extended mode ends the direction; compat sends nothing, as a jschan
   * session processes nothing after a byte-stream END.
   */
  void abandonOutput(Engine engine, Outbound out, Chan stream) {
    if (ext != null) engine.end(stream);
    else out.abandon(stream);
  }

  /**
   * The peer's credit of {@code n} for {@code chan}, a direction this side writes.
   *
   * @throws ProtocolException more credit than was sent
   */
  static void credited(Chan chan, long n) {
    if (chan.taken + n > chan.sent) {
      throw Engine.protocol("credit of " + n + " for id " + chan.id + " exceeds what was sent ("
          + (chan.sent - chan.taken) + ")");
    }
    chan.taken += n;
  }

  // ---------------------------------------------------------------- reading side

  /** This side stops reading {@code chan}: the extended mode tells the writer, compat cannot. */
  void cancel(Chan chan) {
    if (ext != null) link.emit(frames.cancel(chan.id));
  }

  /**
   * The application consumed {@code n}; the extended mode returns credit to the writer now or later. Channels
   * credit in batches of half the capacity, and at once when the channel is unbuffered or the writer has used its
   * whole capacity (a send of its may be waiting: Go lets it go on as soon as one slot frees). Streams credit in
   * batches of half the window, and at once when the reader's buffer is empty (a chunk larger than the room left
   * would otherwise wait for credit that never comes).
   */
  void consumed(Chan chan, long n) {
    if (ext == null) return;
    // After the writer's END only an unbuffered channel still needs credit: its last sends wait for it.
    if (chan.remoteEnded && (chan.kind == Chan.Kind.STREAM || chan.cap != 0)) return;
    chan.consumed += n;
    long unacked = chan.consumed - chan.acked;
    if (unacked <= 0) return;
    boolean now;
    if (chan.kind == Chan.Kind.STREAM) {
      now = unacked >= Math.max(1, chan.ownWindow / 2) || chan.consumed == chan.delivered;
    } else {
      now = unacked >= Math.max(1, chan.cap / 2) || writerMayWait(chan);
    }
    if (now) credit(chan, unacked);
  }

  private void credit(Chan chan, long unacked) {
    chan.acked = chan.consumed;
    link.emit(frames.credit(chan.id, unacked));
  }

  /** The writer has used the channel's whole capacity (counted from what arrived and was not credited). */
  private static boolean writerMayWait(Chan chan) {
    return chan.delivered - chan.acked >= Math.max(chan.cap, 1);
  }

  /**
   * A message arrives on an IN channel the application reads: the extended mode counts it against the capacity.
   * A message that fills the writer's whole capacity while the application has consumed some not yet credited
   * means the writer may be waiting for exactly that credit, and the application may not consume again before it
   * gets what the writer sends next: the credit goes now.
   */
  void deliveredMessage(Chan chan) {
    if (ext == null) return;
    if (++chan.delivered - chan.acked > Math.max(chan.cap, 1)) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "peer sent more than the capacity ("
          + chan.cap + ") of channel " + chan.id);
    }
    long unacked = chan.consumed - chan.acked;
    if (unacked > 0 && writerMayWait(chan)) credit(chan, unacked);
  }

  /** A chunk of {@code n} bytes arrives on a stream the application reads: counted against this side's window. */
  void deliveredBytes(Chan chan, int n) {
    if (ext == null) return;
    long before = chan.delivered - chan.acked;
    chan.delivered += n;
    if (before > 0 && before + n > chan.ownWindow) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "peer sent more than the window ("
          + chan.ownWindow + " bytes) of stream " + chan.id);
    }
  }

  /** The owner's clock advanced: the extended mode's keepalive and acknowledgement. */
  void tick() {
    if (ext != null) link.tick();
  }

  // ---------------------------------------------------------------- inbound frames

  /**
   * Extended mode: handles a frame about the link rather than the channels (hello, keepalive, resumption): never
   * numbered, never replayed. Returns false for any other frame, and always in compat mode.
   */
  boolean linkFrame(Outbound out, Map<?, ?> map) {
    Object type = ext != null ? map.get(FrameWriter.T) : null;
    if (type == null) return false;
    if ("hello".equals(type)) {
      hello(out, map);
    } else if ("ping".equals(type)) {
      link.write(frames.pong(FrameReader.longField(map, FrameWriter.SEQ, 0, MAX_ID)));
    } else if ("pong".equals(type)) {
      // Arrival is what keepalive checks (receive updated lastReceived).
    } else if ("ack".equals(type)) {
      if (!link.isResumable()) throw Engine.protocol("ack frame in a session without resumption");
      out.acknowledged(FrameReader.longField(map, "n", 0, MAX_ID));
    } else if ("resumed".equals(type)) {
      if (!link.isResuming()) throw Engine.protocol("resumed frame without a resume request");
      out.reattach(FrameReader.longField(map, "n", 0, MAX_ID));
    } else if ("resume".equals(type)) {
      throw Engine.protocol("resume frame inside a session (it opens a connection)");
    } else {
      return false;
    }
    return true;
  }

  /** The peer's hello: its defaults for the channels and streams this side writes to it. */
  private void hello(Outbound out, Map<?, ?> map) {
    if (link.helloReceived()) throw Engine.protocol("second hello frame");
    long version = FrameReader.longField(map, "v", 0, Long.MAX_VALUE);
    if (version != 1) throw Engine.protocol("unsupported extended protocol version " + version + " (this side speaks 1)");
    peerCapacity = FrameReader.longField(map, "cap", 0, MAX_ID);
    peerWindow = FrameReader.longField(map, "win", 1024, MAX_ID);
    FrameReader.longField(map, "ka", 0, MAX_ID);
    long rs = map.containsKey("rs") ? FrameReader.longField(map, "rs", 0, MAX_ID) : 0;
    Object tok = map.get("tok");
    if (tok != null && !FrameReader.isToken(tok)) {
      throw Engine.protocol("field tok must be a string of 1..128 characters");
    }
    link.peerHello(rs, (String) tok, client);
    out.flushAll();
  }

  /**
   * What a channel frame for {@code id} delivers: its data, {@link Engine#END}, or (extended mode) what a control
   * frame yields: null for credit and cancel (handled by {@code in}), a failure for error. Compat reads a falsy
   * value or a missing data field as END; a reference outside data would open a channel nobody can see.
   */
  Object item(Inbound in, Map<?, ?> map, long id) {
    boolean hasData = map.containsKey(FrameWriter.DATA);
    Object data = map.get(FrameWriter.DATA);
    if (ext == null) {
      if (map.size() > 1 + (hasData ? 1 : 0) + (map.containsKey(FrameWriter.PARENT) ? 1 : 0)) {
        FrameReader.checkNoRefOutsideData(map);
      }
      return !hasData || falsy(data) != null ? Engine.END : data;
    }
    Object type = map.get(FrameWriter.T);
    Object item;
    if (type != null) {
      item = in.control(map, type, id);
      if (item == null) return null;
    } else {
      item = hasData ? data : Engine.END;
    }
    if (!link.helloReceived()) throw Engine.protocol("frame before the peer's hello");
    return item;
  }

  /**
   * Compat mode: a description of {@code value} if jschan would read it as the end of a channel (the values
   * JavaScript treats as false), else {@code null}.
   */
  private static String falsy(Object value) {
    if (value == null) return "null";
    if (value instanceof Boolean) return ((Boolean) value) ? null : "false";
    if (value instanceof String) return ((String) value).isEmpty() ? "an empty string" : null;
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue() == 0 ? "the number 0" : null;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return d == 0 || Double.isNaN(d) ? "the number " + d : null;
    }
    if (value instanceof java.math.BigInteger) return ((java.math.BigInteger) value).signum() == 0 ? "the number 0" : null;
    return null;
  }
}
