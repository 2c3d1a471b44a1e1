package org.libchan4j;

/**
 * Told when a session's connection state changes: the JVM counterpart of the browser's
 * {@code session.onStateChange}. Register one with {@link SessionOptions.Builder#listener}, or through
 * {@code ClientOptions}, {@code ChanEndpoint} (one listener for all of an endpoint's sessions: the session is passed
 * in) and {@code SocketOptions}. Every method has an empty default: implement what you need.
 *
 * <p><b>Order.</b> Per session: {@link #onConnected} first and once; then, for each lost connection,
 * {@link #onSuspended} followed by {@link #onResumed} once a new connection took over (resumable sessions only,
 * PROTOCOL.md section 14.6); {@link #onClosed} last and once, also when the session ends while suspended. They
 * follow {@link Session#state()}: {@code CONNECTED}, {@code SUSPENDED}, {@code CONNECTED} again, {@code CLOSED}.
 *
 * <p><b>Threading.</b> A session's callbacks run one at a time, in that order, on its
 * {@link SessionOptions#executor() executor} (the endpoint's for server sessions) or, without one, on a library
 * daemon thread ({@code libchan4j-events-N}). They never run on a transport's I/O thread, a timer thread or inside
 * the call that caused them (a {@code close()} returns before {@code onClosed} runs), and never with a session lock
 * held: a callback may use the session (send, close) and may block, which only delays this session's later
 * callbacks. Being asynchronous, a callback may see {@link Session#state()} already further on.
 *
 * <p><b>Errors.</b> An exception a callback throws is logged (WARNING) and ignored: the session and its later
 * callbacks go on as if it had returned.
 */
public interface SessionListener {

  /** The session opened on its first connection. */
  default void onConnected(Session session) {}

  /**
   * The connection dropped (no close handshake, an I/O error, a keepalive timeout) and the session waits to be
   * resumed within its resume window; its channels stay open. {@code why} describes the drop, for logs.
   */
  default void onSuspended(Session session, String why) {}

  /** A new connection resumed the session after {@link #onSuspended}: nothing was lost. */
  default void onResumed(Session session) {}

  /**
   * The session ended with {@code code} ({@link CloseCodes}, or the peer's) and {@code reason}: the reason of the
   * close handshake, or what ended the session when there was none (e.g. not resumed in time, with
   * {@link CloseCodes#ABNORMAL}); possibly empty. {@link Session#closeFuture()} holds the full cause.
   */
  default void onClosed(Session session, int code, String reason) {}
}
