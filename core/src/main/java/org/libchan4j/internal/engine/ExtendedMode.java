package org.libchan4j.internal.engine;

/**
 * Internal: this side's settings for the extended mode (PROTOCOL.md section 14), announced to the peer in the
 * hello frame. An engine built without them speaks the compat (jschan) framing.
 */
public final class ExtendedMode {
  final int capacity;
  final int streamWindow;
  final long keepAliveMillis;
  final int replayWindow;
  final String token;

  /**
   * @param capacity default capacity of channels this side reads (Go semantics: 0 = unbuffered)
   * @param streamWindow bytes the peer may have in flight on a byte stream toward this side
   * @param keepAliveMillis ping interval; 0 disables keepalive
   */
  public ExtendedMode(int capacity, int streamWindow, long keepAliveMillis) {
    this(capacity, streamWindow, keepAliveMillis, 0, null);
  }

  /**
   * With resumption (PROTOCOL.md section 14.6).
   *
   * @param replayWindow bytes of transmitted frames this side keeps until the peer acknowledges them (announced as
   *     the hello's {@code rs}); 0 disables resumption
   * @param token the server's resume token (announced as the hello's {@code tok}), {@code null} on the client
   */
  public ExtendedMode(int capacity, int streamWindow, long keepAliveMillis, int replayWindow, String token) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    if (streamWindow < 1024) throw new IllegalArgumentException("streamWindow must be >= 1024: " + streamWindow);
    if (keepAliveMillis < 0) throw new IllegalArgumentException("keepAliveMillis must be >= 0: " + keepAliveMillis);
    this.capacity = capacity;
    this.streamWindow = streamWindow;
    if (replayWindow != 0 && replayWindow < 1024) {
      throw new IllegalArgumentException("replayWindow must be 0 or >= 1024: " + replayWindow);
    }
    if (token != null && (token.isEmpty() || token.length() > 128)) {
      throw new IllegalArgumentException("token must have 1..128 characters");
    }
    this.keepAliveMillis = keepAliveMillis;
    this.replayWindow = replayWindow;
    this.token = token;
  }
}
