package org.libchan4j.transport;

/**
 * Receives what a {@link Transport} delivers. {@link #onMessage} and {@link #onClosed} are invoked serially;
 * {@link #onWritable} may come concurrently with them. Implementations are provided by the session.
 */
public interface TransportListener {

  /** One inbound binary message holding one or more whole frames. The array is owned by the listener after the call. */
  void onMessage(byte[] message);

  /**
   * The transport is closed and delivers nothing more. Called exactly once.
   *
   * @param code a close code from {@link org.libchan4j.CloseCodes} (or the peer's)
   * @param reason the reason text, possibly empty
   * @param cause the local failure that closed it (I/O error, timeout), or {@code null} for an orderly close
   */
  void onClosed(int code, String reason, Throwable cause);

  /**
   * After {@link Transport#isWritable} returned false, the queue has drained to the transport's low-water mark.
   * Called without any lock of the transport held, possibly on its writer's thread.
   */
  default void onWritable() {}
}
