package org.libchan4j.transport;

/** Receives what a {@link Transport} delivers. Invoked serially; implementations are provided by the session. */
public interface TransportListener {

  /** One inbound binary message. The array is owned by the listener after the call. */
  void onMessage(byte[] message);

  /**
   * The transport is closed and delivers nothing more. Called exactly once.
   *
   * @param code a close code from {@link org.libchan4j.CloseCodes} (or the peer's)
   * @param reason the reason text, possibly empty
   * @param cause the local failure that closed it (I/O error, timeout), or {@code null} for an orderly close
   */
  void onClosed(int code, String reason, Throwable cause);
}
