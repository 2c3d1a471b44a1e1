package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.msgpack.ExtDecoder;
import org.libchan4j.internal.msgpack.ExtEncoder;
import org.libchan4j.internal.msgpack.MsgpackEncodeException;
import org.libchan4j.internal.msgpack.MsgpackExt;

/**
 * Internal: references (ext 1 and 2, PROTOCOL.md section 5) both ways. Encoding gives the unbound {@link Chan}s met
 * while writing a message their ids; decoding turns references into {@link Chan}s, entering them in the table as
 * they are met. One class for both directions: each class costs a few hundred bytes of the browser bundle.
 */
final class Refs implements ExtEncoder, ExtDecoder {
  private final ChanTable chans;
  /** This side's extended-mode settings (references carry a capacity or window); {@code null} in compat mode. */
  private final ExtendedMode ext;
  private final Engine.Listener listener;
  /** The channels bound while encoding the current message. */
  final List<Chan> bound = new ArrayList<>();
  private Chan sendingOn;
  /** The channels the current inbound frame's references opened (their held frames are delivered after it). */
  final List<Chan> thisFrame = new ArrayList<>();

  Refs(ChanTable chans, ExtendedMode ext, Engine.Listener listener) {
    this.chans = chans;
    this.ext = ext;
    this.listener = listener;
  }

  // ---------------------------------------------------------------- encoding

  /** A message on {@code chan} is about to be encoded. */
  void begin(Chan chan) {
    bound.clear();
    sendingOn = chan;
  }

  /** The message is encoded (or failed). */
  void finish() {
    sendingOn = null;
  }

  /** The message will not be sent: the channels it bound are unbound again. */
  void unbindAll() {
    for (Chan chan : bound) chans.unbind(chan);
    bound.clear();
  }

  @Override
  public MsgpackExt encode(Object value) {
    if (!(value instanceof Chan)) return null;
    Chan chan = (Chan) value;
    if (chan.isBound()) {
      throw new MsgpackEncodeException(chan + " is already open in this session; a channel travels once"
          + " (pipe it into a new one to hand it on)");
    }
    if (sendingOn == null) throw new MsgpackEncodeException("a reference can only be sent inside a message");
    chans.allocate(chan);
    if (chan.kind == Chan.Kind.OUT) chan.parent = sendingOn.id;
    bound.add(chan);
    long id = chan.id;
    if (chan.kind == Chan.Kind.STREAM) {
      // Extended mode appends this side's receive window for the stream.
      byte[] p = new byte[ext == null ? 4 : 8];
      putU32(p, 0, id);
      if (ext != null) putU32(p, 4, chan.ownWindow);
      return new MsgpackExt(2, p);
    }
    // Direction from the message sender's view: 1 = sender holds the write end, 2 = sender holds the read end.
    // Extended mode appends the capacity to a read end this side keeps (the peer writes within it).
    boolean withCap = ext != null && chan.kind == Chan.Kind.IN;
    byte[] p = new byte[withCap ? 9 : 5];
    p[0] = chan.kind == Chan.Kind.OUT ? (byte) 1 : (byte) 2;
    putU32(p, 1, id);
    if (withCap) putU32(p, 5, chan.cap);
    return new MsgpackExt(1, p);
  }

  private static void putU32(byte[] b, int at, long v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  // ---------------------------------------------------------------- decoding

  @Override
  public Object decode(int type, byte[] buf, int offset, int length) {
    Chan.Kind kind;
    long id;
    long extra = -1;
    if (type == 1) {
      if (length < 1) throw Engine.protocol("channel reference of 0 bytes");
      int direction = buf[offset];
      if (direction == 1) kind = Chan.Kind.IN;
      else if (direction == 2) kind = Chan.Kind.OUT;
      else throw Engine.protocol("channel reference with direction " + direction + " (expected 1 or 2)");
      int expected = ext != null && kind == Chan.Kind.OUT ? 9 : 5;
      if (length != expected) {
        throw Engine.protocol("channel reference of " + length + " bytes (expected " + expected + ")");
      }
      id = getU32(buf, offset + 1);
      if (expected == 9) extra = getU32(buf, offset + 5);
    } else if (type == 2) {
      int expected = ext != null ? 8 : 4;
      if (length != expected) {
        throw Engine.protocol("byte-stream reference of " + length + " bytes (expected " + expected + ")");
      }
      kind = Chan.Kind.STREAM;
      id = getU32(buf, offset);
      if (ext != null) extra = getU32(buf, offset + 4);
    } else {
      throw Engine.protocol("unknown ext type " + type + " (jschan framing has only 1 and 2)");
    }
    if (chans.isOwnId(id)) {
      throw Engine.protocol("reference to id " + id + ", which this side allocated (an echoed channel:"
          + " forward a channel by piping it into a new one)");
    }
    if (chans.contains(id)) throw Engine.protocol("reference to id " + id + ", which is already open");
    if (chans.endedRecently(id)) throw Engine.protocol("reference to id " + id + ", which has ended");
    chans.checkPeerMayOpen();
    Chan chan = new Chan(kind, null);
    if (ext != null) {
      if (kind == Chan.Kind.IN) {
        chan.cap = ext.capacity;
      } else if (kind == Chan.Kind.OUT) {
        chan.cap = extra;
      } else {
        if (extra < 1024) {
          throw Engine.protocol("byte-stream reference with a window of " + extra + " bytes (minimum 1024)");
        }
        chan.window = extra;
        chan.ownWindow = ext.streamWindow;
      }
    }
    chans.bind(chan, id);
    thisFrame.add(chan);
    listener.onReference(chan);
    if (chan.handler == null) throw new IllegalStateException("listener set no handler for " + chan);
    return chan;
  }

  private static long getU32(byte[] b, int at) {
    return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
  }
}
