package org.libchan4j.client;

import java.time.Duration;

/** The TCP connection, TLS handshake and WebSocket upgrade did not complete within the connect timeout. */
public class ConnectTimeoutException extends ChanConnectException {
  private final Duration timeout;

  public ConnectTimeoutException(Duration timeout, String message, Throwable cause) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }
}
