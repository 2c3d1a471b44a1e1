package org.libchan4j;

import org.libchan4j.internal.session.PipeEnds;

/**
 * An in-memory channel, like libchan's {@code Pipe()}: a {@link Sender} and a {@link Receiver} connected to each
 * other, usable within one process or handed to a peer inside a message.
 *
 * <p>The typical use is a return channel: keep {@link #receiver()}, put {@link #sender()} in a request, and the
 * peer's replies arrive at the receiver. Or the reverse: put the receiver in a message and send into the pipe, and
 * the peer reads what you send.
 *
 * <p><b>Capacity</b> follows Go channels for local senders: with {@link #create()} (capacity 0) a {@code send}
 * returns once a receiver has taken the message; with {@link #buffered(int)} it returns while at most
 * {@code capacity} messages are waiting. Messages arriving from a peer are never held back by the capacity.
 */
public final class Pipe<T> {
  private final Object ends;

  private Pipe(long capacity) {
    this.ends = PipeEnds.create(capacity);
  }

  /** An unbuffered pipe: each local send waits for a receiver to take the message. */
  public static <T> Pipe<T> create() {
    return new Pipe<>(0);
  }

  /** A pipe whose local sends wait only while {@code capacity} messages are already waiting. */
  public static <T> Pipe<T> buffered(int capacity) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    return new Pipe<>(capacity);
  }

  /** The writing end. */
  public Sender<T> sender() {
    return PipeEnds.sender(ends);
  }

  /** The reading end. */
  public Receiver<T> receiver() {
    return PipeEnds.receiver(ends);
  }
}
