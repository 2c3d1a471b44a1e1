package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.libchan4j.ChannelFailedException;

/**
 * Internal: the reading side: dispatches each inbound frame to the link, to the writing side (credit, cancel) or to
 * its channel's handler, opens the peer's channels and replays frames held for late references.
 */
final class Inbound {
  private final Engine engine;
  private final Mode mode;
  private final ChanTable chans;
  final HeldFrames held;
  private final FrameReader reader;
  private final Refs refs;
  private final Link link;
  private final Outbound out;
  private final Engine.Listener listener;
  private final Traffic traffic;

  Inbound(Engine engine, Mode mode, ChanTable chans, HeldFrames held, Refs refs, FrameReader reader, Link link,
      Outbound out, Engine.Listener listener, Traffic traffic) {
    this.engine = engine;
    this.mode = mode;
    this.chans = chans;
    this.held = held;
    this.refs = refs;
    this.reader = reader;
    this.link = link;
    this.out = out;
    this.listener = listener;
    this.traffic = traffic;
  }

  /** The frames of one transport message, already checked against maxMessageBytes (see {@link Engine#receive}). */
  void receive(byte[] buf, int off, int len) {
    link.heard();
    reader.reset(buf, off, len);
    while (reader.hasRemaining()) {
      refs.thisFrame.clear();
      Map<?, ?> map = reader.next();
      int size = reader.size();
      if (mode.linkFrame(out, map)) continue;
      if (link.isResuming()) throw Engine.protocol("frame before resumed");
      handleFrame(map, size);
      link.counted(size);
      if (!refs.thisFrame.isEmpty()) replayPending();
    }
    link.ackIfHalfWindow();
  }

  private void handleFrame(Map<?, ?> map, int size) {
    long id = FrameReader.id(map);
    Object item = mode.item(this, map, id);
    if (item == null) return;

    Chan chan = chans.get(id);
    if (chan != null) {
      deliver(chan, item, size);
      return;
    }
    if (chans.isOwnId(id)) throw Engine.protocol("frame for unknown id " + id);
    if (chans.endedRecently(id)) throw Engine.protocol("frame for id " + id + " after its END");
    Long parent = FrameReader.parent(map);
    if (map.containsKey(FrameWriter.PARENT) && parent == null) {
      chans.checkPeerMayOpen();
      chan = new Chan(Chan.Kind.IN, null);
      mode.init(chan, -1);
      chans.bind(chan, id);
      listener.onInboundChannel(chan);
      deliver(chan, item, size);
      return;
    }
    // Late rendezvous: data for a channel or stream whose reference has not arrived yet.
    held.hold(id, item, size, item == Engine.END || item instanceof ChannelFailedException);
  }

  /**
   * Extended mode: a control frame for {@code id}. Credit and cancel act on this side's writing direction and
   * return null; error returns the item to dispatch like END: its code and msg as a ChannelFailedException (not a
   * class of its own: each costs a few hundred bytes of the browser bundle), renamed for its channel on delivery.
   */
  Object control(Map<?, ?> map, Object type, long id) {
    if ("error".equals(type)) {
      Object msg = map.get(FrameWriter.MSG);
      if (!(msg instanceof String)) throw Engine.protocol("error frame without a string msg");
      return new ChannelFailedException((int) FrameReader.longField(map, FrameWriter.CODE, Integer.MIN_VALUE, Integer.MAX_VALUE), (String) msg);
    }
    boolean credit = FrameWriter.CREDIT.equals(type);
    if (!credit && !"cancel".equals(type)) throw Engine.protocol("unknown frame type " + FrameReader.describe(type) + " " + type);
    Chan chan = chans.get(id);
    if (chan == null) return null; // the channel ended meanwhile (our END crossed the peer's frame)
    if (chan.kind == Chan.Kind.IN) throw Engine.protocol(type + " for channel " + id + ", which this side reads");
    if (credit) out.credited(chan, FrameReader.longField(map, FrameWriter.CREDIT, 1, FrameWriter.MAX_ID));
    else out.cancelled(chan);
    return null;
  }

  /** Dispatches on the kind with ifs: a switch on the enum would cost a synthetic class in the browser bundle. */
  private void deliver(Chan chan, Object item, int size) {
    boolean end = item == Engine.END || item instanceof ChannelFailedException;
    if (chan.kind == Chan.Kind.OUT) throw Engine.protocol("peer wrote to channel " + chan.id + ", which this side writes");
    if (chan.kind == Chan.Kind.IN) {
      if (end) {
        chan.remoteEnded = true;
        chans.free(chan);
      } else if (!chan.discarding) {
        mode.deliveredMessage(chan);
        traffic.messagesIn++;
        chan.handler.onData(chan, item, size);
        return;
      } else {
        return;
      }
    } else {
      if (chan.remoteEnded) throw Engine.protocol("frame for id " + chan.id + " after its END");
      if (end) {
        chan.remoteEnded = true;
        if (chan.localEnded && (chan.queue == null || chan.queue.isEmpty())) chans.free(chan);
      } else if (!(item instanceof byte[])) {
        throw Engine.protocol("byte-stream chunk for id " + chan.id + " is not bin: " + FrameReader.describe(item));
      } else if (chan.discarding) {
        return; // this side stopped reading: the chunk is dropped
      } else {
        mode.deliveredBytes(chan, ((byte[]) item).length);
        chan.handler.onData(chan, item, size);
        return;
      }
    }
    if (item == Engine.END) {
      chan.handler.onEnd(chan);
    } else {
      // The error frame's code and msg; the exception the application sees names the channel.
      ChannelFailedException f = (ChannelFailedException) item;
      String msg = f.getMessage();
      chan.handler.onFailed(chan, new ChannelFailedException(f.code(), "the writer failed " + chan + " with code "
          + f.code() + (msg.isEmpty() ? "" : ": " + msg)));
    }
  }

  private void replayPending() {
    // Copy: replaying may decode nothing new (pending items are already decoded), but keep the list stable.
    List<Chan> refs = new ArrayList<>(this.refs.thisFrame);
    this.refs.thisFrame.clear();
    for (Chan ref : refs) {
      List<HeldFrames.Held> frames = held.release(ref.id);
      if (frames == null) continue;
      for (HeldFrames.Held f : frames) {
        if (engine.isClosed() || chans.get(ref.id) != ref) return;
        deliver(ref, f.item, f.size);
      }
    }
  }
}
