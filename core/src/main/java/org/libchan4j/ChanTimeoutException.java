package org.libchan4j;

import java.time.Duration;

/**
 * A timed {@code receive}, {@code send} or {@code accept} whose deadline passed first. It guarantees that nothing
 * happened: no message was taken from the channel, none was sent, no channel was accepted. The channel is still
 * usable, and what would have been taken goes to the next receive.
 */
public class ChanTimeoutException extends ChanException {
  private final Duration timeout;

  public ChanTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  /** The timeout that passed. */
  public Duration timeout() {
    return timeout;
  }
}
