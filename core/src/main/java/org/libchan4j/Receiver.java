package org.libchan4j;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * The reading end of a channel: the messages a single sender wrote, in order, then the end.
 *
 * <p>A receiver is either bound to a session (returned by {@link Session#accept}, or received inside a message) or
 * the local end of a {@link Pipe}. Putting a receiver inside a message hands it to the peer: the session creates a new
 * channel and forwards everything this receiver yields to the peer, then ends the channel.
 *
 * <p><b>End and failure.</b> {@link #receive()} returns {@code null} once the sender has ended the channel (messages
 * themselves are never {@code null}). If the session ends first, it throws {@link SessionClosedException} carrying the
 * cause, so a dropped connection is never mistaken for a normal end.
 *
 * <p><b>Threading.</b> Safe for concurrent use; each message goes to exactly one caller. Iteration blocks in
 * {@code hasNext()}; an interrupted iteration throws {@link ChanException} with the thread's interrupt flag set.
 *
 * <p><b>Buffering.</b> Messages the peer sends before the application asks for them are buffered. In the
 * jschan-compatible mode there is no flow control, so the buffer is bounded only by the session's limits.
 */
public interface Receiver<T> extends Iterable<T>, AutoCloseable {

  /** Waits for the next message; {@code null} at the end of the channel. */
  T receive() throws InterruptedException;

  /** The next message, or {@code null} at the end of the channel; fails as {@link #receive()}. */
  CompletableFuture<T> receiveAsync();

  /** Iterates until the end of the channel. */
  @Override
  Iterator<T> iterator();

  /**
   * Stops reading: buffered and later messages are discarded and pending receives complete with {@code null}.
   * Idempotent. (The jschan-compatible protocol cannot tell the sender; a flow-controlled mode cancels it.)
   */
  @Override
  void close();
}
