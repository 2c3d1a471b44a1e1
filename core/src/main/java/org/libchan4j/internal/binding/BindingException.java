package org.libchan4j.internal.binding;

import org.libchan4j.ChanException;

/**
 * A received tree does not fit the declared message type. The message says where and why, e.g.
 * {@code "cannot bind $.count: expected an int but found a string"}.
 */
public class BindingException extends ChanException {
  public BindingException(String message) {
    super(message);
  }

  public BindingException(String message, Throwable cause) {
    super(message, cause);
  }
}
