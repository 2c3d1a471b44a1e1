package org.libchan4j;

/**
 * The writer of a channel or byte stream failed it with a code and a message (extended mode), instead of ending it
 * normally. The reader sees this after every message sent before the failure.
 */
public class ChannelFailedException extends ChanException {
  private final int code;

  public ChannelFailedException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The application-defined code the writer gave. */
  public int code() {
    return code;
  }
}
