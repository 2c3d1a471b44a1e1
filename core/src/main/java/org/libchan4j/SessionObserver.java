package org.libchan4j;

/**
 * Sees one session's lifecycle and traffic as it happens: the hook for metrics (the {@code libchan4j-micrometer}
 * module binds one to Micrometer) and tracing. A {@link Factory} registered with
 * {@link SessionOptions.Builder#observer}, {@code ChanEndpoint.Builder.observer} or
 * {@code ClientOptions.Builder.observer} creates one observer per session, so an observer may keep per-session
 * state. Every method has an empty default: implement what you need.
 *
 * <p>Unlike {@link SessionListener}, whose calls are queued to an executor for application logic that may block,
 * an observer is called inline, on the thread that caused the event, just after it released the session's lock.
 *
 * <p><b>Lifecycle.</b> {@link #opened} first and once; then, for each lost connection of a resumable session,
 * {@link #suspended} followed by {@link #resumed}; {@link #closed} once, with the close code, when the session
 * ends (also while suspended). These four are called one at a time, in that order.
 *
 * <p><b>Traffic.</b> The counting methods report what happened since the previous report, in batches: at most one
 * call per kind each time a thread leaves the session's lock (one transport message received, one send), and only
 * for a count above zero. Counts stop once the session is closed, after a last report made before
 * {@link #closed}; a thread that left the lock just before the close may still report what it counted after
 * {@link #closed}. Over the session's life {@code channelsOpened} minus {@code channelsClosed} is the number of
 * open channels and streams, zero once closed.
 *
 * <p><b>Threading.</b> Calls come from transport I/O threads, timer threads and the application's threads, and
 * traffic calls of one session may come from several threads at once: an observer must be thread-safe, and
 * should only count (e.g. add to a {@code LongAdder}): never block, never call back into the session. No call is
 * made while a session lock is held.
 *
 * <p><b>Errors.</b> An exception thrown by an observer (or its factory) is caught: the first one of each session
 * is logged at WARNING, later ones at DEBUG, and the session goes on as if the call had returned. A factory that
 * throws or returns {@code null} leaves that session unobserved.
 *
 * <p><b>Cost.</b> Without an observer a session counts with a plain increment per event and reports nothing.
 */
public interface SessionObserver {

  /** Creates the observer of each session. */
  @FunctionalInterface
  interface Factory {
    /**
     * Called once as a session opens, before any other call for it, on the thread opening it and without locks.
     *
     * @param role which side the session is
     * @param mode the wire protocol it speaks (negotiated, for WebSocket sessions)
     * @return the session's observer, or {@code null} to leave it unobserved
     */
    SessionObserver create(Session.Role role, SessionOptions.Mode mode);
  }

  /** The session opened on its first connection. */
  default void opened(Session session) {}

  /** The connection dropped and the session waits to be resumed; {@code why} describes the drop, for logs. */
  default void suspended(String why) {}

  /** A new connection resumed the session after {@link #suspended}. */
  default void resumed() {}

  /**
   * The session ended with {@code code} ({@link CloseCodes}, or the peer's) and {@code reason} (possibly empty):
   * see {@link SessionListener#onClosed}.
   */
  default void closed(int code, String reason) {}

  /** {@code count} channels or byte streams opened (either side's, top-level or sent in messages). */
  default void channelsOpened(long count) {}

  /** {@code count} channels or byte streams ended (both directions, or by the session's end). */
  default void channelsClosed(long count) {}

  /** {@code count} messages arrived on this side's channels (data only: no ends, errors or stream chunks). */
  default void messagesReceived(long count) {}

  /** The application sent {@code count} messages on its channels (counted once, not again when replayed). */
  default void messagesSent(long count) {}

  /**
   * {@code count} bytes of libchan frames arrived from the transport (the WebSocket message payloads; the
   * WebSocket, TLS and TCP framing around them is not counted).
   */
  default void bytesReceived(long count) {}

  /** {@code count} bytes of libchan frames were handed to the transport, frames replayed after a resume included. */
  default void bytesSent(long count) {}
}
