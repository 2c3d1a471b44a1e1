package org.libchan4j;

/**
 * A message cannot be encoded for this peer: a type with no wire form, an integer beyond what the peer decodes,
 * a value jschan would read as the end of the channel. Nothing was sent; the channel and session stay usable.
 */
public class EncodingException extends ChanException {
  public EncodingException(String message) {
    super(message);
  }

  public EncodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
