package org.libchan4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The writing end of a channel: a stream of messages of type {@code T} to one receiver, ended by {@link #close()}.
 *
 * <p>A sender is either bound to a session (returned by {@link Session#newSender}, or received inside a message: a
 * return channel) or the local end of a {@link Pipe}. Putting a sender inside a message hands it to the peer: the
 * session creates a new channel on the wire and delivers what the peer sends on it into this sender. After that the
 * local object should not be used to send any more.
 *
 * <p><b>Messages</b> are records, POJOs, {@code Map}/{@code List} trees and scalars, bound through Gson; fields of
 * type {@code Sender}, {@code Receiver}, {@code ByteStream}, {@code InputStream} and {@code OutputStream} travel as
 * references. A message is never {@code null}. Toward a jschan peer, values that jschan would read as the end of the
 * channel ({@code false}, {@code 0}, {@code ""}) are refused with {@link EncodingException} before anything is sent.
 *
 * <p><b>Flow control (Go channel semantics).</b> In the extended mode a channel has a capacity chosen by its
 * receiver: {@code send} returns once at most that many messages are waiting unread on the receiving side, and for
 * capacity 0 (unbuffered) once the receiving application has taken the message. A stalled receiver delays only its
 * own channel. In the jschan-compatible mode there is no flow control and {@code send} returns as soon as the
 * message is queued for the transport. A local {@link Pipe} behaves the same way in memory.
 *
 * <p><b>Threading.</b> Safe for concurrent use; messages from one thread keep their order.
 *
 * <p><b>Errors.</b> {@link EncodingException} when the message cannot be encoded for the peer (nothing is sent),
 * {@link ChannelClosedException} after {@link #close()} or once the receiver closed the channel (extended mode and
 * pipes: the way a handler learns to stop work), {@link SessionClosedException} when the session has ended.
 */
public interface Sender<T> extends AutoCloseable {

  /**
   * Sends one message, waiting while the channel cannot accept it. Interrupted while waiting for room, it throws
   * {@link InterruptedException} and sent nothing; interrupted after the message went out (an unbuffered session
   * channel waiting for the peer to take it), it throws too, and the message may still be received.
   */
  void send(T message) throws InterruptedException;

  /**
   * Sends one message, waiting at most {@code timeout} for the channel to accept it. Returns when {@link #send}
   * would; on an unbuffered session channel whose message went out but was not yet taken at the deadline, it returns
   * then (the message is on its way and cannot be called back over the network).
   *
   * <p>The default implementation waits on {@link #sendAsync} and cancels it at the deadline, so it keeps this
   * guarantee for any implementation whose futures are cancel-safe as {@code sendAsync} requires.
   *
   * @throws ChanTimeoutException when the channel had no room in time; nothing was sent
   */
  default void send(T message, Duration timeout) throws InterruptedException {
    CompletableFuture<Void> f = sendAsync(message);
    try {
      f.get(Math.max(0, timeout.toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      if (f.cancel(false)) throw new ChanTimeoutException("the channel had no room within " + timeout, timeout);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) throw (RuntimeException) cause;
      throw new ChanException(String.valueOf(cause), cause);
    }
  }

  /**
   * Sends one message; the future completes as {@link #send} returns, or fails as it throws. Cancel-safe: a future
   * cancelled, timed out or completed by the application while the message waits for room sends nothing; once the
   * message was handed to the channel, {@code cancel} returns {@code false}. Sends waiting for room go out in the
   * order they were made. In the jschan-compatible mode a session channel always has room: the future completes as
   * soon as the message is queued for the transport (later, while the transport is over its high-water mark).
   */
  CompletableFuture<Void> sendAsync(T message);

  /**
   * Ends the channel: the receiver sees the end after every message sent before, including sends still waiting
   * for room (they go out first); sends made after it fail with {@link ChannelClosedException}. Idempotent.
   */
  @Override
  void close();

  /**
   * Ends the channel with an error instead of a normal end: the receiver gets a {@link ChannelFailedException} with
   * {@code code} and {@code message} after the messages sent before. In the jschan-compatible mode the peer cannot
   * be told (jschan has no error frame): the channel is ended normally. Idempotent; a no-op after {@link #close()}.
   */
  void fail(int code, String message);

  /** True once {@link #close()} or {@link #fail} was called, the receiver closed the channel, or the session ended. */
  boolean isClosed();

  /**
   * Completes when this channel takes no more messages: normally after {@link #close()} or {@link #fail}, and
   * exceptionally with {@link ChannelClosedException} when the receiver closed it (cancel) or
   * {@link SessionClosedException} when the session ended. A handler producing a long stream can watch it to stop
   * work early.
   */
  java.util.concurrent.CompletableFuture<Void> closeFuture();
}
