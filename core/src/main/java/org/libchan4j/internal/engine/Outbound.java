package org.libchan4j.internal.engine;

import java.util.ArrayDeque;
import java.util.List;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.EncodingException;
import org.libchan4j.internal.msgpack.MsgpackEncodeException;

/**
 * Internal: the writing side: encodes messages, chunks and ENDs, queues them per channel for credit and for their
 * reference's announcement, transmits them in order and handles the reader's cancel.
 */
final class Outbound {
  private final Engine engine;
  private final Mode mode;
  private final ChanTable chans;
  private final FrameWriter frames;
  private final Refs refs;
  private final Link link;
  private final int maxMessageBytes;
  private final Traffic traffic;

  Outbound(Engine engine, Mode mode, ChanTable chans, FrameWriter frames, Refs refs, Link link,
      int maxMessageBytes, Traffic traffic) {
    this.engine = engine;
    this.mode = mode;
    this.chans = chans;
    this.frames = frames;
    this.refs = refs;
    this.link = link;
    this.maxMessageBytes = maxMessageBytes;
    this.traffic = traffic;
  }

  /** See {@link Engine#send}, once the channel and message were checked. */
  long send(Chan chan, Object data) {
    refs.begin(chan);
    byte[] frame;
    try {
      frame = frames.data(chan.id, data, !chan.firstSent, chan.parent);
    } catch (RuntimeException e) {
      refs.unbindAll();
      if (e instanceof MsgpackEncodeException) throw new EncodingException(e.getMessage(), e);
      throw e;
    } finally {
      refs.finish();
    }
    if (frame.length > maxMessageBytes) {
      refs.unbindAll();
      throw new EncodingException("message of " + frame.length + " bytes exceeds maxMessageBytes "
          + maxMessageBytes);
    }
    List<Chan> announces = mode.announces(refs.bound);
    refs.bound.clear();
    Outgoing out = new Outgoing(frame, 1, announces, false);
    chan.firstSent = true;
    traffic.messagesOut++;
    enqueue(chan, out);
    return chan.queued;
  }

  /** See {@link Engine#hasRoom}. */
  boolean hasRoom(Chan chan) {
    return (chan.queue == null || chan.queue.isEmpty()) && (!mode.queues() || mode.mayTransmit(chan, ONE_MESSAGE));
  }

  private static final Outgoing ONE_MESSAGE = new Outgoing(null, 1, null, false);

  /** See {@link Engine#sendBytes}, once the stream was checked. */
  long sendBytes(Chan stream, byte[] bytes, int off, int len) {
    // One frame per piece that fits maxMessageBytes with its frame around it (at most 19 bytes), so that a peer
    // with the same limits accepts every chunk (1009 otherwise). The first piece is the largest: if it fits, all do.
    int piece = Math.max(1, maxMessageBytes - FrameWriter.AROUND_BIN);
    for (int done = 0; done < len; ) {
      int n = Math.min(piece, len - done);
      byte[] frame = frames.chunk(stream.id, bytes, off + done, n);
      if (frame.length > maxMessageBytes) {
        throw new EncodingException("a byte-stream frame of " + frame.length + " bytes exceeds maxMessageBytes "
            + maxMessageBytes);
      }
      enqueue(stream, new Outgoing(frame, n, null, false));
      done += n;
    }
    return stream.queued;
  }

  /** Ends (code and message: fails) what this side writes on {@code chan}; an IN channel stops being read. */
  void end(Chan chan, int code, String message) {
    if (inactive(chan)) return;
    if (chan.kind == Chan.Kind.IN) {
      stopReading(chan);
      return;
    }
    if (chan.localEnded) return;
    chan.localEnded = true;
    // Nothing was written: an END carries the parent so the peer opens the channel and ends it at once.
    boolean withParent = chan.kind == Chan.Kind.OUT && !chan.firstSent;
    byte[] frame = frames.end(chan.id, code, mode.errorMessage(message), withParent, chan.parent);
    enqueue(chan, new Outgoing(frame, 0, null, true));
  }

  /** This side stops reading the IN channel {@code chan} (see {@link Engine#cancel}). */
  void cancel(Chan chan) {
    if (!inactive(chan)) stopReading(chan);
  }

  private void stopReading(Chan chan) {
    if (!chan.discarding && !chan.remoteEnded) mode.cancel(chan);
    chan.discarding = true;
  }

  /** A closed session or an unbound channel: nothing to transmit, the direction only counts as ended. */
  private boolean inactive(Chan chan) {
    if (engine.isClosed() || !chan.isBound()) {
      chan.localEnded = true;
      return true;
    }
    return false;
  }

  /** Compat mode: see {@link Engine#abandonOutput}: no END; the id is freed once the peer's direction has ended. */
  void abandon(Chan stream) {
    if (engine.isClosed() || !stream.isBound() || stream.localEnded) {
      stream.localEnded = true;
      return;
    }
    stream.localEnded = true;
    if (stream.remoteEnded) chans.free(stream);
  }

  // ---------------------------------------------------------------- queue and transmission

  /** Extended mode: the frame joins the channel's queue, which transmits what it may; compat transmits it. */
  private void enqueue(Chan chan, Outgoing out) {
    chan.queued += out.cost;
    if (!mode.queues()) {
      transmit(chan, out);
      return;
    }
    if (chan.queue == null) chan.queue = new ArrayDeque<>();
    chan.queue.add(out);
    flush(chan);
  }

  /** Transmits what the channel's credit and announcement allow, in order. */
  private void flush(Chan chan) {
    ArrayDeque<Outgoing> queue = chan.queue;
    if (queue == null) return;
    boolean progressed = false;
    while (!queue.isEmpty() && !engine.isClosed() && mode.mayTransmit(chan, queue.peek())) {
      Outgoing out = queue.poll();
      transmit(chan, out);
      progressed |= out.cost > 0;
    }
    if (progressed && chan.handler != null) chan.handler.onProgress(chan);
  }

  void flushAll() {
    for (Chan chan : chans.snapshot()) flush(chan);
  }

  private void transmit(Chan chan, Outgoing out) {
    link.emit(out.frame);
    chan.sent += out.cost;
    if (out.announces != null) {
      for (Chan c : out.announces) {
        c.announced = true;
        flush(c);
      }
    }
    if (out.terminal && (chan.kind == Chan.Kind.OUT ? mode.completed(chan) >= chan.sent : chan.remoteEnded)) {
      chans.free(chan);
    }
  }

  /** The peer acknowledged numbered frames up to {@code n}: what waited for room in the replay buffer may go. */
  void acknowledged(long n) {
    if (link.acknowledged(n)) flushAll();
  }

  /** After a resume handshake: drop what the peer had, transmit the rest again, in order, and go on. */
  void reattach(long peerReceived) {
    acknowledged(peerReceived);
    link.relink();
    flushAll();
  }

  // ---------------------------------------------------------------- the reader's credit and cancel

  /** Credit of {@code n} from the reader of {@code chan}, a direction this side writes. */
  void credited(Chan chan, long n) {
    Mode.credited(chan, n);
    flush(chan);
    if (chan.handler != null) chan.handler.onProgress(chan);
    // An unbuffered channel ended by this side stays until its last send was taken (see transmit).
    boolean endSent = chan.localEnded && (chan.queue == null || chan.queue.isEmpty());
    if (endSent && chan.kind == Chan.Kind.OUT && mode.completed(chan) >= chan.sent && chans.get(chan.id) == chan) {
      chans.free(chan);
    }
  }

  /** The reader of {@code chan} cancelled it: queued frames are dropped and this side answers with its END. */
  void cancelled(Chan chan) {
    // Our END already transmitted crossed the cancel. An END (or error) still queued behind messages waiting for
    // credit would wait forever (a discarding reader sends none): drop them with it and answer END now.
    boolean endQueued = chan.localEnded && chan.queue != null && !chan.queue.isEmpty();
    if ((chan.localEnded && !endQueued) || chan.cancelled) return;
    chan.cancelled = true;
    discardQueue(chan);
    chan.localEnded = true;
    link.emit(frames.end(chan.id, 0, null, false, Chan.UNBOUND));
    if (chan.kind == Chan.Kind.OUT || chan.remoteEnded) chans.free(chan);
    chan.handler.onCancelled(chan);
  }

  /** Drops a cancelled channel's untransmitted frames, and the channels only they announced. */
  private void discardQueue(Chan chan) {
    if (chan.queue == null) return;
    for (Outgoing out : chan.queue) {
      if (out.announces == null) continue;
      for (Chan orphan : out.announces) {
        discardQueue(orphan);
        chans.remove(orphan);
        orphan.localEnded = true;
        if (orphan.handler != null) {
          orphan.handler.onFailed(orphan, new ChannelClosedException(
              "the message carrying " + orphan + " was never sent: the receiver closed " + chan));
        }
      }
    }
    chan.queue.clear();
  }
}
