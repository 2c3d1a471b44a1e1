package org.libchan4j.internal.session;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.Receiver;

/** Internal: a receiver that takes from a {@link MessageQueue}; pipes and session channels differ only in close. */
abstract class QueueReceiver<T> implements Receiver<T> {
  final MessageQueue queue;

  QueueReceiver(MessageQueue queue) {
    this.queue = queue;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T receive() throws InterruptedException {
    return (T) queue.take();
  }

  @SuppressWarnings("unchecked")
  @Override
  public T receive(Duration timeout) throws InterruptedException {
    return (T) Tickets.await(queue.takeAsync(), timeout, "no message was received");
  }

  @SuppressWarnings("unchecked")
  @Override
  public CompletableFuture<T> receiveAsync() {
    return (CompletableFuture<T>) (CompletableFuture<?>) queue.takeAsync();
  }

  @Override
  public Iterator<T> iterator() {
    return new BlockingIterator<>(this);
  }

  @Override
  public void close() {
    queue.close();
  }
}
