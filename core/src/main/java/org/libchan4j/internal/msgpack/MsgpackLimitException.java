package org.libchan4j.internal.msgpack;

/**
 * Well-formed input that exceeds one of the reader's {@link MsgpackLimits}. Thrown before anything of the offending
 * size is allocated. The message names the limit, e.g.
 * {@code "array of 2000000 elements exceeds maxContainerSize 1000000 at offset 0"}.
 */
public class MsgpackLimitException extends MsgpackException {
  /** Which limit of {@link MsgpackLimits} was exceeded. */
  public enum Limit {
    /** {@link MsgpackLimits#maxDepth()}: nesting of arrays and maps. */
    DEPTH,
    /** {@link MsgpackLimits#maxContainerSize()}: elements of an array or entries of a map. */
    CONTAINER_SIZE,
    /** {@link MsgpackLimits#maxStringBytes()}: UTF-8 bytes of a str. */
    STRING_LENGTH,
    /** {@link MsgpackLimits#maxBinBytes()}: bytes of a bin or of an ext payload. */
    BIN_LENGTH
  }

  private final Limit limit;
  private final long actual;
  private final long max;

  public MsgpackLimitException(Limit limit, long actual, long max, String message) {
    super(message);
    this.limit = limit;
    this.actual = actual;
    this.max = max;
  }

  /** The limit that was exceeded. */
  public Limit limit() {
    return limit;
  }

  /** The size (or depth) the input asked for. */
  public long actual() {
    return actual;
  }

  /** The configured maximum. */
  public long max() {
    return max;
  }
}
