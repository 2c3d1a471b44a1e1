package org.libchan4j.internal.engine;

/**
 * Internal: this side's settings for the extended mode (PROTOCOL.md section 13), announced to the peer in the
 * hello frame. An engine built without them speaks the compat (jschan) framing.
 */
public final class ExtendedMode {
  final int capacity;
  final int streamWindow;
  final long keepAliveMillis;

  /**
   * @param capacity default capacity of channels this side reads (Go semantics: 0 = unbuffered)
   * @param streamWindow bytes the peer may have in flight on a byte stream toward this side
   * @param keepAliveMillis ping interval; 0 disables keepalive
   */
  public ExtendedMode(int capacity, int streamWindow, long keepAliveMillis) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    if (streamWindow < 1024) throw new IllegalArgumentException("streamWindow must be >= 1024: " + streamWindow);
    if (keepAliveMillis < 0) throw new IllegalArgumentException("keepAliveMillis must be >= 0: " + keepAliveMillis);
    this.capacity = capacity;
    this.streamWindow = streamWindow;
    this.keepAliveMillis = keepAliveMillis;
  }
}
