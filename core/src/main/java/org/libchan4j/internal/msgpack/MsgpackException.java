package org.libchan4j.internal.msgpack;

/**
 * Base of every exception the msgpack codec throws. The reader throws nothing else for any input bytes, so
 * catching this type is enough to survive a hostile peer. Unchecked.
 */
public class MsgpackException extends RuntimeException {
  public MsgpackException(String message) {
    super(message);
  }

  public MsgpackException(String message, Throwable cause) {
    super(message, cause);
  }
}
