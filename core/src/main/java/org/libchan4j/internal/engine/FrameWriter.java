package org.libchan4j.internal.engine;

import org.libchan4j.internal.msgpack.ExtEncoder;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackWriter;

/** Internal: encodes every frame the engine sends, one method per frame type (PROTOCOL.md sections 5 and 14). */
final class FrameWriter {
  static final String ID = "id";
  static final String DATA = "data";
  static final String PARENT = "parent";
  static final String T = "t";
  static final String CREDIT = "credit";
  static final String CODE = "code";
  static final String MSG = "msg";
  static final String SEQ = "seq";
  static final long MAX_ID = 0xFFFFFFFFL;
  /** Bytes of a chunk frame around its bin: fixmap, "id", uint32, "data", bin32 header. */
  static final int AROUND_BIN = 1 + 3 + 5 + 5 + 5;

  private final MsgpackWriter w;

  FrameWriter(ExtEncoder refs) {
    this.w = new MsgpackWriter(MsgpackProfile.JSCHAN, refs);
  }

  /**
   * A message on a channel; the first one carries the parent ({@code -1}: nil). References in {@code data} go to
   * the {@link ExtEncoder}, whose exceptions propagate.
   */
  byte[] data(long id, Object data, boolean first, long parent) {
    w.reset();
    w.writeMapHeader(first ? 3 : 2);
    w.writeString(ID).writeInt(id);
    w.writeString(DATA).write(data);
    if (first) writeParent(parent);
    return w.toByteArray();
  }

  /** A byte-stream chunk. */
  byte[] chunk(long id, byte[] bytes, int off, int len) {
    w.reset();
    w.writeMapHeader(2);
    w.writeString(ID).writeInt(id);
    w.writeString(DATA).writeBin(bytes, off, len);
    return w.toByteArray();
  }

  /**
   * END ({@code message == null}) or, in extended mode, an error frame. With {@code withParent} the frame carries
   * the parent ({@code -1}: nil) so that the peer opens the channel and ends it at once.
   */
  byte[] end(long id, int code, String message, boolean withParent, long parent) {
    boolean error = message != null;
    w.reset();
    w.writeMapHeader(1 + (withParent ? 1 : 0) + (error ? 3 : 0));
    if (error) w.writeString(T).writeString("error");
    w.writeString(ID).writeInt(id);
    if (error) {
      w.writeString(CODE).writeInt(code);
      w.writeString(MSG).writeString(message);
    }
    if (withParent) writeParent(parent);
    return w.toByteArray();
  }

  private void writeParent(long parent) {
    w.writeString(PARENT);
    if (parent < 0) w.writeNil(); else w.writeInt(parent);
  }

  /** This side's hello (extended mode): its defaults, keepalive and, with resumption, replay window and token. */
  byte[] hello(ExtendedMode ext) {
    boolean rs = ext.replayWindow > 0;
    boolean tok = rs && ext.token != null;
    w.reset();
    w.writeMapHeader(5 + (rs ? 1 : 0) + (tok ? 1 : 0));
    w.writeString(T).writeString("hello");
    w.writeString("v").writeInt(1);
    w.writeString("cap").writeInt(ext.capacity);
    w.writeString("win").writeInt(ext.streamWindow);
    w.writeString("ka").writeInt(ext.keepAliveMillis);
    if (rs) w.writeString("rs").writeInt(ext.replayWindow);
    if (tok) w.writeString("tok").writeString(ext.token);
    return w.toByteArray();
  }

  /** Credit returned to the writer of channel or stream {@code id}. */
  byte[] credit(long id, long n) {
    w.reset();
    w.writeMapHeader(3);
    w.writeString(T).writeString(CREDIT);
    w.writeString(ID).writeInt(id);
    w.writeString(CREDIT).writeInt(n);
    return w.toByteArray();
  }

  /** The reader of {@code id} stops reading. */
  byte[] cancel(long id) {
    w.reset();
    w.writeMapHeader(2);
    w.writeString(T).writeString("cancel");
    w.writeString(ID).writeInt(id);
    return w.toByteArray();
  }

  byte[] ping(long seq) {
    return seqFrame("ping", SEQ, seq);
  }

  byte[] pong(long seq) {
    return seqFrame("pong", SEQ, seq);
  }

  /** Numbered frames received so far (mod 2^32). */
  byte[] ack(long received) {
    return seqFrame("ack", "n", received & MAX_ID);
  }

  /** The server's answer to a resume request: what it has received (mod 2^32). */
  byte[] resumed(long received) {
    return seqFrame("resumed", "n", received & MAX_ID);
  }

  /** The client's resume request, the first frame of a new connection. */
  byte[] resume(String token, long received) {
    w.reset();
    w.writeMapHeader(3);
    w.writeString(T).writeString("resume");
    w.writeString("tok").writeString(token);
    w.writeString("n").writeInt(received & MAX_ID);
    return w.toByteArray();
  }

  private byte[] seqFrame(String type, String key, long n) {
    w.reset();
    w.writeMapHeader(2);
    w.writeString(T).writeString(type);
    w.writeString(key).writeInt(n);
    return w.toByteArray();
  }
}
