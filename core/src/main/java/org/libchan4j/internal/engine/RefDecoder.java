package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.internal.msgpack.ExtDecoder;

/** Internal: decodes references (ext 1 and 2) into {@link Chan}s, entering them in the table as they are met. */
final class RefDecoder implements ExtDecoder {
  private final ChanTable chans;
  private final ExtendedMode ext;
  private final Engine.Listener listener;
  /** The channels the current frame's references opened (their held frames are delivered after it). */
  final List<Chan> thisFrame = new ArrayList<>();

  RefDecoder(ChanTable chans, ExtendedMode ext, Engine.Listener listener) {
    this.chans = chans;
    this.ext = ext;
    this.listener = listener;
  }

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
