package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.msgpack.ExtEncoder;
import org.libchan4j.internal.msgpack.MsgpackEncodeException;
import org.libchan4j.internal.msgpack.MsgpackExt;

/** Internal: encodes the unbound {@link Chan}s met while writing a message as references, giving each its id. */
final class RefEncoder implements ExtEncoder {
  private final ChanTable chans;
  private final ExtendedMode ext;
  /** The channels bound while encoding the current message. */
  final List<Chan> bound = new ArrayList<>();
  private Chan sendingOn;

  RefEncoder(ChanTable chans, ExtendedMode ext) {
    this.chans = chans;
    this.ext = ext;
  }

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
}
