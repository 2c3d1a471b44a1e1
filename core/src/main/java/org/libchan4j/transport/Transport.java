package org.libchan4j.transport;

/**
 * A message transport under a libchan4j session: the only thing a new transport (WebSocket, TCP, in-memory...)
 * has to implement.
 *
 * <p><b>Messages.</b> A transport moves opaque binary messages in order, without loss or duplication, until it
 * closes. Each message holds one or more complete protocol frames; a transport never splits or merges them.
 *
 * <p><b>Lifecycle.</b> {@link #start} is called exactly once, by the session, before any other method. After
 * that the transport delivers inbound messages to the listener until it closes, and then calls
 * {@link TransportListener#onClosed} exactly once, whoever closed it.
 *
 * <p><b>Threading.</b> {@link #send} is called serially (never concurrently) in frame order, possibly while the
 * session holds its internal lock: it must queue rather than wait for the peer to read. The listener is invoked
 * serially too, from whatever thread the transport uses; it never blocks on application code.
 */
public interface Transport {

  /** Begins delivering inbound messages and the close event to {@code listener}. */
  void start(TransportListener listener);

  /**
   * Queues one binary message for the peer. The array is owned by the transport after the call. A send after close
   * is silently dropped: the session learns of the close through {@link TransportListener#onClosed}.
   */
  void send(byte[] message);

  /**
   * Closes the transport with a WebSocket-style close code and reason (see {@link org.libchan4j.CloseCodes}).
   * Idempotent; messages queued before the call are still delivered where the transport can do so.
   */
  void close(int code, String reason);
}
