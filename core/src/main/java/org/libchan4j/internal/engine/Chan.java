package org.libchan4j.internal.engine;

/**
 * Internal: one channel or byte stream in an {@link Engine}'s id table, or not yet bound to an id while it waits to be
 * sent inside a message. Fields are read and written only by the engine's owner thread (under the session's lock).
 */
public final class Chan {
  /** What this side does with the id. */
  public enum Kind {
    /** A channel this side reads (the peer writes). */
    IN,
    /** A channel this side writes (the peer reads). */
    OUT,
    /** A duplex byte stream: both sides write, each ends its own direction. */
    STREAM
  }

  static final long UNBOUND = -1;

  final Kind kind;
  long id = UNBOUND;
  /** For OUT channels: the parent id carried by the first frame, or -1 for nil. */
  long parent = UNBOUND;
  boolean firstSent;
  boolean localEnded;
  boolean remoteEnded;
  /** IN channels the application stopped reading: frames are dropped until the peer's END. */
  boolean discarding;
  ChanHandler handler;

  // Flow control (extended mode). For channels the unit is messages, for streams bytes.
  /** OUT: the peer's capacity (Go semantics); IN: this side's. -1 while unlimited (compat mode). */
  long cap = -1;
  /** STREAM: bytes the peer accepts in flight from this side; and this side's window for the peer. */
  long window = -1;
  long ownWindow = -1;
  /** Frames accepted by {@link Engine#send} but not yet transmitted (waiting for credit or announcement). */
  java.util.ArrayDeque<Outgoing> queue;
  /** Writing direction: messages (or bytes) accepted, transmitted, and taken by the peer's application. */
  long queued;
  long sent;
  long taken;
  /** Reading direction: messages (or bytes) delivered to the application, consumed by it, and acknowledged. */
  long delivered;
  long consumed;
  long acked;
  /** False while the message carrying this channel's reference has not been transmitted. */
  boolean announced = true;
  /** The peer's reader closed this side's writing direction (cancel). */
  boolean cancelled;
  /** The JVM or browser layer's object for this channel (its Sender, Receiver or ByteStream). */
  public Object attachment;

  Chan(Kind kind, ChanHandler handler) {
    this.kind = kind;
    this.handler = handler;
  }

  public Kind kind() {
    return kind;
  }

  /** The wire id, or -1 while not yet sent. */
  public long id() {
    return id;
  }

  public boolean isBound() {
    return id != UNBOUND;
  }

  /** True once this side has ended what it writes (OUT channels and streams). */
  public boolean isLocalEnded() {
    return localEnded;
  }

  /** True once the peer has ended what it writes (IN channels and streams). */
  public boolean isRemoteEnded() {
    return remoteEnded;
  }

  /** Channels: the capacity of this channel (see {@link #cap}); streams: the peer's window for this side's bytes. */
  public long capacity() {
    return kind == Kind.STREAM ? window : cap;
  }

  public void setHandler(ChanHandler handler) {
    this.handler = handler;
  }

  @Override
  public String toString() {
    return (kind == Kind.STREAM ? "stream " : "channel ") + (id == UNBOUND ? "(unbound)" : Long.toString(id));
  }
}
