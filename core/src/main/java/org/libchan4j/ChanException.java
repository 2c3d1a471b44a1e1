package org.libchan4j;

/** Base of every exception libchan4j throws. Unchecked: failures are described by the subclass and message. */
public class ChanException extends RuntimeException {
  public ChanException(String message) {
    super(message);
  }

  public ChanException(String message, Throwable cause) {
    super(message, cause);
  }
}
