package org.libchan4j;

/** A send on a channel that this side has already ended. */
public class ChannelClosedException extends ChanException {
  public ChannelClosedException(String message) {
    super(message);
  }
}
