package org.libchan4j;

/**
 * The peer broke the protocol or exceeded a limit. The session that received the offending input is closed with
 * {@link #closeCode()}; other sessions are not affected.
 */
public class ProtocolException extends ChanException {
  private final int closeCode;

  public ProtocolException(int closeCode, String message) {
    super(message);
    this.closeCode = closeCode;
  }

  public ProtocolException(int closeCode, String message, Throwable cause) {
    super(message, cause);
    this.closeCode = closeCode;
  }

  /** The close code the session ends with, one of {@link CloseCodes}. */
  public int closeCode() {
    return closeCode;
  }
}
