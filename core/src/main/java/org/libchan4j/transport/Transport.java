package org.libchan4j.transport;

/**
 * A message transport under a libchan4j session: the only thing a new transport (WebSocket, TCP, in-memory...)
 * has to implement.
 *
 * <p><b>Messages.</b> A transport moves opaque binary messages in order, without loss or duplication, until it
 * closes. The session hands it whole protocol frames ({@link #send}); the transport may put several queued frames
 * into one message (PROTOCOL.md section 7.5: a message holds one or more whole frames), but never splits a frame.
 *
 * <p><b>Write path.</b> {@link #send} only queues: it does no I/O and never blocks, because the session calls it
 * while holding its lock. {@link #flush} writes what is queued on the calling thread, and {@link #scheduleFlush}
 * has a writer of the transport's do it soon; the session calls them after releasing its lock. A flush that
 * finds a write in progress returns at once, and the writer takes every frame queued meanwhile into its next
 * message. This is the shape of OkHttp's {@code RealWebSocket} and Jetty's {@code FrameFlusher}.
 *
 * <p><b>Backpressure.</b> {@link #isWritable} is false while more than the transport's high-water mark of bytes is
 * queued; once the queue has drained to its low-water mark the transport calls
 * {@link TransportListener#onWritable}. The session holds sends' completions meanwhile, so a sender faster than
 * the connection waits instead of filling memory. A transport may still refuse to queue beyond a hard limit
 * (a peer that stops reading) and close with {@link org.libchan4j.CloseCodes#POLICY_VIOLATION}; it does so from
 * {@link #flush} or its own threads, never from inside {@link #send}.
 *
 * <p><b>Lifecycle.</b> {@link #start} is called exactly once, by the session, before any other method. After
 * that the transport delivers inbound messages to the listener until it closes, and then calls
 * {@link TransportListener#onClosed} exactly once, whoever closed it.
 *
 * <p><b>Threading.</b> {@link #send} is called serially (never concurrently) in frame order. {@link #flush},
 * {@link #isWritable} and {@link #close} may be called from any thread, concurrently with each other and with
 * {@link #send}, and never while the session's lock is held. Inbound events ({@link TransportListener#onMessage},
 * {@link TransportListener#onClosed}) are delivered serially, from whatever thread the transport uses, with no lock
 * of the transport held; {@link TransportListener#onWritable} may come from the writer's thread, concurrently
 * with them.
 */
public interface Transport {

  /** Begins delivering inbound messages and the close event to {@code listener}. */
  void start(TransportListener listener);

  /**
   * Queues one whole protocol frame for the peer; the array is owned by the transport after the call. Does no I/O
   * (call {@link #flush} to write). A send after close is silently dropped: the session learns of the close through
   * {@link TransportListener#onClosed}.
   */
  void send(byte[] frame);

  /**
   * Writes the frames queued so far, coalesced into as few messages as the transport allows, or returns at once
   * if a write is already in progress (that writer takes them). Never called under the session's lock. The
   * default does nothing, for transports whose {@link #send} already hands frames to a writer of their own.
   */
  default void flush() {}

  /**
   * Has the frames queued so far written soon, unless a writer is already scheduled or running: on the calling
   * thread when the connection is idle, or by a writer of the transport's own (a thread hand-off) within a burst.
   * The session calls it for a thread that may not come back to the library; that thread may still call
   * {@link #flush} before a scheduled writer starts, and then writes itself. Never called under the session's
   * lock. The default flushes on the calling thread.
   */
  default void scheduleFlush() {
    flush();
  }

  /** False while more bytes are queued than the transport's high-water mark (see the class doc). */
  default boolean isWritable() {
    return true;
  }

  /**
   * Closes the transport with a WebSocket-style close code and reason (see {@link org.libchan4j.CloseCodes}).
   * Idempotent; frames queued before the call are still written where the transport can do so.
   */
  void close(int code, String reason);

  /**
   * Closes at once, dropping what is still queued: for a peer that stopped reading, whose queue would never
   * drain. The close code is still sent where the connection lets it through. The default closes normally.
   */
  default void abort(int code, String reason) {
    close(code, reason);
  }
}
