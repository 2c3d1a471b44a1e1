package org.libchan4j.internal.session;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/** Internal: the two ends of an in-memory {@link org.libchan4j.Pipe}, sharing one {@link MessageQueue}. */
public final class PipeEnds {
  private PipeEnds() {}

  public static <T> Sender<T> sender(Object pipe) {
    return ((Pair) pipe).sender();
  }

  /** Creates a connected pair; {@code capacity} as for Go channels. */
  public static Object create(long capacity) {
    return new Pair(new MessageQueue(capacity));
  }

  public static <T> Receiver<T> receiver(Object pipe) {
    return ((Pair) pipe).receiver();
  }

  private static final class Pair {
    final PipeSender<Object> sender;
    final PipeReceiver<Object> receiver;

    Pair(MessageQueue queue) {
      this.sender = new PipeSender<>(queue);
      this.receiver = new PipeReceiver<>(queue);
    }

    @SuppressWarnings("unchecked")
    <T> Sender<T> sender() {
      return (Sender<T>) sender;
    }

    @SuppressWarnings("unchecked")
    <T> Receiver<T> receiver() {
      return (Receiver<T>) receiver;
    }
  }

  /** The writing end of a pipe. Network deliveries (when it was handed to a peer) go through {@link #queue()}. */
  static final class PipeSender<T> implements Sender<T> {
    private final MessageQueue queue;
    private volatile boolean closed;

    PipeSender(MessageQueue queue) {
      this.queue = queue;
    }

    MessageQueue queue() {
      return queue;
    }

    @Override
    public void send(T message) throws InterruptedException {
      Tickets.await(sendAsync(message));
    }

    @Override
    public void send(T message, Duration timeout) throws InterruptedException {
      Tickets.await(sendAsync(message), timeout, "the channel had no room");
    }

    @Override
    public CompletableFuture<Void> sendAsync(T message) {
      Objects.requireNonNull(message, "message");
      return queue.send(message);
    }

    @Override
    public void close() {
      closed = true;
      Futures.run(queue.end());
    }

    @Override
    public void fail(int code, String message) {
      closed = true;
      queue.senderDone.complete(null);
      Futures.run(queue.fail(new org.libchan4j.ChannelFailedException(code, message)));
    }

    @Override
    public boolean isClosed() {
      return closed || queue.senderDone.isDone();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
      return queue.senderDone;
    }

    @Override
    public String toString() {
      return "PipeSender";
    }
  }

  /** The reading end of a pipe. */
  static final class PipeReceiver<T> extends QueueReceiver<T> {
    PipeReceiver(MessageQueue queue) {
      super(queue);
    }

    @Override
    public String toString() {
      return "PipeReceiver";
    }
  }
}
