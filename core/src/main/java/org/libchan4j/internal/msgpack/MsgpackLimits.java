package org.libchan4j.internal.msgpack;

/**
 * Bounds {@link MsgpackReader} enforces on everything the input controls, checked before any allocation of the
 * requested size. Exceeding one throws {@link MsgpackLimitException}. Immutable.
 */
public final class MsgpackLimits {
  /** Depth 64, 1,000,000 elements per container, 16 MiB per str, 16 MiB per bin or ext payload. */
  public static final MsgpackLimits DEFAULT = new MsgpackLimits(64, 1_000_000, 16 << 20, 16 << 20);

  private final int maxDepth;
  private final int maxContainerSize;
  private final int maxStringBytes;
  private final int maxBinBytes;

  /**
   * @param maxDepth deepest nesting of arrays and maps: a top-level scalar is depth 0, a top-level array depth 1.
   *     The reader recurses once per level, so keep this in the hundreds at most.
   * @param maxContainerSize most elements of one array or entries of one map
   * @param maxStringBytes longest str, in UTF-8 bytes
   * @param maxBinBytes longest bin, and longest ext payload
   * @throws IllegalArgumentException if any is negative
   */
  public MsgpackLimits(int maxDepth, int maxContainerSize, int maxStringBytes, int maxBinBytes) {
    this.maxDepth = notNegative("maxDepth", maxDepth);
    this.maxContainerSize = notNegative("maxContainerSize", maxContainerSize);
    this.maxStringBytes = notNegative("maxStringBytes", maxStringBytes);
    this.maxBinBytes = notNegative("maxBinBytes", maxBinBytes);
  }

  private static int notNegative(String name, int value) {
    if (value < 0) throw new IllegalArgumentException(name + " must be >= 0: " + value);
    return value;
  }

  /** Deepest nesting of arrays and maps. */
  public int maxDepth() {
    return maxDepth;
  }

  /** Most elements in one array or entries in one map. */
  public int maxContainerSize() {
    return maxContainerSize;
  }

  /** Longest str, in UTF-8 bytes. */
  public int maxStringBytes() {
    return maxStringBytes;
  }

  /** Longest bin value or ext payload, in bytes. */
  public int maxBinBytes() {
    return maxBinBytes;
  }

  @Override
  public String toString() {
    return "MsgpackLimits{maxDepth=" + maxDepth + ", maxContainerSize=" + maxContainerSize
        + ", maxStringBytes=" + maxStringBytes + ", maxBinBytes=" + maxBinBytes + "}";
  }
}
