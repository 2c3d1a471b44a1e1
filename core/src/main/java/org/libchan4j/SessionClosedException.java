package org.libchan4j;

/**
 * The session has ended, so the operation cannot complete. {@link #getCause()} is what ended it where known (a
 * {@link ProtocolException}, an I/O error), and {@link #closeCode()} the code it ended with.
 */
public class SessionClosedException extends ChanException {
  private final int closeCode;

  public SessionClosedException(int closeCode, String message, Throwable cause) {
    super(message, cause);
    this.closeCode = closeCode;
  }

  /** The close code the session ended with, one of {@link CloseCodes} or the peer's. */
  public int closeCode() {
    return closeCode;
  }
}
