package org.libchan4j.client;

/** Nothing listens at the target host and port (TCP connection refused). */
public class ConnectionRefusedException extends ChanConnectException {
  public ConnectionRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
