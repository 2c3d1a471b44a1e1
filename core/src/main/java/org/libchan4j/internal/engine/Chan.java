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

  public void setHandler(ChanHandler handler) {
    this.handler = handler;
  }

  @Override
  public String toString() {
    return (kind == Kind.STREAM ? "stream " : "channel ") + (id == UNBOUND ? "(unbound)" : Long.toString(id));
  }
}
