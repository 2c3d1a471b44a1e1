package org.libchan4j.client;

/**
 * The server answered the WebSocket upgrade with an HTTP status other than 101: 401 (authentication), 403 (origin or
 * authorisation), 404 (wrong path), 503 (shutting down)...
 */
public class HandshakeRejectedException extends ChanConnectException {
  private final int status;

  public HandshakeRejectedException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status the server answered with. */
  public int status() {
    return status;
  }
}
