package org.libchan4j.client;

/** The TLS handshake failed: untrusted or mismatched certificate, no common protocol, a server that is not TLS. */
public class TlsFailureException extends ChanConnectException {
  public TlsFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
