package org.libchan4j.internal.msgpack;

/**
 * The input is not well-formed msgpack (or breaks a rule of this codec, such as duplicate map keys or invalid
 * UTF-8). {@link #offset()} is the index in the reader's buffer, in the same coordinates as
 * {@link MsgpackReader#position()}, of the value that was wrong (its type byte), or where trailing bytes begin.
 * The message names what was wrong and where, e.g. {@code "truncated str8 at offset 12: need 20 bytes, have 3"}.
 */
public class MsgpackFormatException extends MsgpackException {
  private final int offset;

  public MsgpackFormatException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  public MsgpackFormatException(String message, int offset, Throwable cause) {
    super(message, cause);
    this.offset = offset;
  }

  /** Index in the reader's buffer where the offending value (or the trailing bytes) starts. */
  public int offset() {
    return offset;
  }
}
