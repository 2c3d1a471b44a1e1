package org.libchan4j;

import java.time.Duration;
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
 * cause, so a dropped connection is never mistaken for a normal end; a sender's {@code fail} arrives as
 * {@link ChannelFailedException}; after this side's {@link #close()} every receive throws
 * {@link ChannelClosedException}.
 *
 * <p><b>Cancel-safety.</b> A message goes to a receive only at the moment it is handed over: a
 * {@link #receiveAsync()} future that is cancelled, times out ({@code orTimeout}, {@code get(timeout)} then
 * {@code cancel}) or is completed by the application first takes nothing, and the message goes to the next
 * receive. Once a message was handed to a future, {@code cancel} returns {@code false} and the future completes with
 * it. A timed {@link #receive(Duration)} and {@link Select} rely on the same guarantee.
 *
 * <p><b>Threading.</b> Safe for concurrent use; each message goes to exactly one caller. Iteration blocks in
 * {@code hasNext()}; an interrupted iteration throws {@link ChanException} with the thread's interrupt flag set. An
 * interrupted {@link #receive()} that had not been handed a message throws {@link InterruptedException} and took
 * nothing.
 *
 * <p><b>Buffering.</b> Messages the peer sends before the application asks for them are buffered. In the
 * jschan-compatible mode there is no flow control, so the buffer is bounded only by the session's limits.
 */
public interface Receiver<T> extends Iterable<T>, AutoCloseable {

  /** Waits for the next message; {@code null} at the end of the channel. */
  T receive() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the next message; {@code null} at the end of the channel.
   *
   * <p>The default implementation waits on {@link #receiveAsync} and cancels it at the deadline (keeping the
   * message if it was handed over meanwhile), so any implementation with cancel-safe futures keeps the guarantee.
   *
   * @throws ChanTimeoutException when none arrived in time; nothing was taken
   */
  default T receive(Duration timeout) throws InterruptedException {
    CompletableFuture<T> f = receiveAsync();
    try {
      return f.get(Math.max(0, timeout.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      if (f.cancel(false)) throw new ChanTimeoutException("no message within " + timeout, timeout);
      return f.join();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      throw new ChanException(String.valueOf(cause), cause);
    }
  }

  /** The next message, or {@code null} at the end of the channel; fails as {@link #receive()}; cancel-safe. */
  CompletableFuture<T> receiveAsync();

  /** Iterates until the end of the channel. */
  @Override
  Iterator<T> iterator();

  /**
   * Stops reading: buffered and later messages are discarded, and pending and later receives throw
   * {@link ChannelClosedException}. Idempotent. A flow-controlled session (extended mode) and a pipe tell the
   * sender, whose later sends fail with {@link ChannelClosedException}; the jschan-compatible protocol cannot.
   */
  @Override
  void close();
}
