package org.libchan4j;

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
 * <p><b>Threading.</b> Safe for concurrent use; messages from one thread keep their order. {@code send} is declared
 * to block: in the jschan-compatible mode it returns as soon as the message is queued for the transport; a
 * flow-controlled mode waits for credit.
 *
 * <p><b>Errors.</b> {@link EncodingException} when the message cannot be encoded for the peer (nothing is sent),
 * {@link ChannelClosedException} after {@link #close()}, {@link SessionClosedException} when the session has ended.
 */
public interface Sender<T> extends AutoCloseable {

  /** Sends one message, waiting while the channel cannot accept it. */
  void send(T message) throws InterruptedException;

  /** Sends one message; the future completes when it is queued for the transport, or fails as {@link #send}. */
  CompletableFuture<Void> sendAsync(T message);

  /** Ends the channel: the receiver sees the end after every message sent before. Idempotent. */
  @Override
  void close();

  /** True once {@link #close()} was called or the session ended. */
  boolean isClosed();
}
