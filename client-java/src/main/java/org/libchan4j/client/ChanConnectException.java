package org.libchan4j.client;

import org.libchan4j.ChanException;

/**
 * {@link ChanClient#connect} failed: no session was opened. Subclasses say why; this class itself covers the rest
 * (unknown host, an I/O error, a server that is not a WebSocket endpoint).
 */
public class ChanConnectException extends ChanException {
  public ChanConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
