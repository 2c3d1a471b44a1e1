package org.libchan4j;

/**
 * Bounds on everything a peer controls, enforced per session. Exceeding one closes that session with
 * {@link CloseCodes#MESSAGE_TOO_BIG} (sizes) or {@link CloseCodes#POLICY_VIOLATION} (counts and buffers) and a
 * reason that names the limit. Immutable; start from {@link #defaults()}.
 */
public final class Limits {
  private final int maxMessageBytes;
  private final int maxDepth;
  private final int maxContainerSize;
  private final int maxStringBytes;
  private final int maxBinBytes;
  private final int maxOpenChannels;
  private final int maxPendingFrames;
  private final long maxBufferedBytes;
  private final long maxWriteStallMillis;

  private Limits(int maxMessageBytes, int maxDepth, int maxContainerSize, int maxStringBytes, int maxBinBytes,
      int maxOpenChannels, int maxPendingFrames, long maxBufferedBytes, long maxWriteStallMillis) {
    this.maxMessageBytes = positive("maxMessageBytes", maxMessageBytes);
    this.maxDepth = positive("maxDepth", maxDepth);
    this.maxContainerSize = positive("maxContainerSize", maxContainerSize);
    this.maxStringBytes = positive("maxStringBytes", maxStringBytes);
    this.maxBinBytes = positive("maxBinBytes", maxBinBytes);
    this.maxOpenChannels = positive("maxOpenChannels", maxOpenChannels);
    this.maxPendingFrames = positive("maxPendingFrames", maxPendingFrames);
    if (maxBufferedBytes <= 0) throw new IllegalArgumentException("maxBufferedBytes must be > 0: " + maxBufferedBytes);
    this.maxBufferedBytes = maxBufferedBytes;
    if (maxWriteStallMillis <= 0) {
      throw new IllegalArgumentException("maxWriteStallMillis must be > 0: " + maxWriteStallMillis);
    }
    this.maxWriteStallMillis = maxWriteStallMillis;
  }

  private static int positive(String name, int value) {
    if (value <= 0) throw new IllegalArgumentException(name + " must be > 0: " + value);
    return value;
  }

  /**
   * 16 MiB per transport message, nesting depth 64, 1,000,000 elements per array or map, 16 MiB per string or bin,
   * 10,000 open channels and byte streams, 1,024 frames buffered for references not yet seen, 64 MiB buffered
   * for the application, 30 s for a peer to drain what this side has queued to it.
   */
  public static Limits defaults() {
    return new Limits(16 << 20, 64, 1_000_000, 16 << 20, 16 << 20, 10_000, 1_024, 64L << 20, 30_000);
  }

  /** Largest transport message (one WebSocket message) accepted, in bytes. */
  public int maxMessageBytes() { return maxMessageBytes; }
  /** Deepest nesting of arrays and maps in a frame. */
  public int maxDepth() { return maxDepth; }
  /** Most elements in one array or entries in one map. */
  public int maxContainerSize() { return maxContainerSize; }
  /** Longest string, in UTF-8 bytes. */
  public int maxStringBytes() { return maxStringBytes; }
  /** Longest bin value, in bytes. */
  public int maxBinBytes() { return maxBinBytes; }
  /**
   * Most channels and byte streams open at once in a session, both sides' together; also the most top-level
   * channels from the peer waiting for {@code accept}, ended ones included.
   */
  public int maxOpenChannels() { return maxOpenChannels; }
  /** Most frames held for ids whose reference has not arrived yet (late rendezvous), summed over ids. */
  public int maxPendingFrames() { return maxPendingFrames; }
  /** Most bytes of received messages and stream data held for the application, summed over the session. */
  public long maxBufferedBytes() { return maxBufferedBytes; }
  /**
   * Longest time, in milliseconds, that sends may wait for the connection to drain (backpressure: the transport
   * holds more than its high-water mark unsent and the peer reads none of it). Past it the peer is taken to have
   * stopped reading and the session closes with {@link CloseCodes#POLICY_VIOLATION}.
   */
  public long maxWriteStallMillis() { return maxWriteStallMillis; }

  public Limits withMaxMessageBytes(int v) { return new Limits(v, maxDepth, maxContainerSize, maxStringBytes, maxBinBytes, maxOpenChannels, maxPendingFrames, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxDepth(int v) { return new Limits(maxMessageBytes, v, maxContainerSize, maxStringBytes, maxBinBytes, maxOpenChannels, maxPendingFrames, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxContainerSize(int v) { return new Limits(maxMessageBytes, maxDepth, v, maxStringBytes, maxBinBytes, maxOpenChannels, maxPendingFrames, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxStringBytes(int v) { return new Limits(maxMessageBytes, maxDepth, maxContainerSize, v, maxBinBytes, maxOpenChannels, maxPendingFrames, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxBinBytes(int v) { return new Limits(maxMessageBytes, maxDepth, maxContainerSize, maxStringBytes, v, maxOpenChannels, maxPendingFrames, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxOpenChannels(int v) { return new Limits(maxMessageBytes, maxDepth, maxContainerSize, maxStringBytes, maxBinBytes, v, maxPendingFrames, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxPendingFrames(int v) { return new Limits(maxMessageBytes, maxDepth, maxContainerSize, maxStringBytes, maxBinBytes, maxOpenChannels, v, maxBufferedBytes, maxWriteStallMillis); }
  public Limits withMaxWriteStallMillis(long v) { return new Limits(maxMessageBytes, maxDepth, maxContainerSize, maxStringBytes, maxBinBytes, maxOpenChannels, maxPendingFrames, maxBufferedBytes, v); }
  public Limits withMaxBufferedBytes(long v) { return new Limits(maxMessageBytes, maxDepth, maxContainerSize, maxStringBytes, maxBinBytes, maxOpenChannels, maxPendingFrames, v, maxWriteStallMillis); }

  @Override
  public String toString() {
    return "Limits{maxMessageBytes=" + maxMessageBytes + ", maxDepth=" + maxDepth + ", maxContainerSize="
        + maxContainerSize + ", maxStringBytes=" + maxStringBytes + ", maxBinBytes=" + maxBinBytes
        + ", maxOpenChannels=" + maxOpenChannels + ", maxPendingFrames=" + maxPendingFrames
        + ", maxBufferedBytes=" + maxBufferedBytes + ", maxWriteStallMillis=" + maxWriteStallMillis + "}";
  }
}
