package org.libchan4j.internal.engine;

/**
 * Internal: what an engine counted since it started, for metrics (see {@code org.libchan4j.SessionObserver}).
 * Plain fields: the engine's owner writes and reads them under its serialisation (the JVM session's lock), so
 * counting costs an increment per event and nothing else.
 */
public final class Traffic {
  long messagesIn;
  long messagesOut;
  long bytesIn;
  long bytesOut;
  long channelsOpened;
  long channelsClosed;

  Traffic() {}

  /** Messages delivered to this side's channels (data only: no ENDs, errors, byte-stream chunks or control). */
  public long messagesIn() { return messagesIn; }
  /** Messages this side sent on its channels (data only, counted once when sent, not again when replayed). */
  public long messagesOut() { return messagesOut; }
  /** Bytes of the transport messages received (whole frames: the transport's framing is not included). */
  public long bytesIn() { return bytesIn; }
  /** Bytes of the frames handed to the transport, replayed ones included. */
  public long bytesOut() { return bytesOut; }
  /** Channels and streams that entered the id table (both sides' ids). */
  public long channelsOpened() { return channelsOpened; }
  /** Channels and streams that left the id table; {@code channelsOpened - channelsClosed} are open. */
  public long channelsClosed() { return channelsClosed; }
}
