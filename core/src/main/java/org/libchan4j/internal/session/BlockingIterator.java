package org.libchan4j.internal.session;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.libchan4j.ChanException;
import org.libchan4j.Receiver;

/** Internal: iterates a receiver until its end; {@code hasNext} blocks. */
final class BlockingIterator<T> implements Iterator<T> {
  private final Receiver<T> receiver;
  private T next;
  private boolean done;

  BlockingIterator(Receiver<T> receiver) {
    this.receiver = receiver;
  }

  @Override
  public boolean hasNext() {
    if (next != null) return true;
    if (done) return false;
    try {
      next = receiver.receive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChanException("interrupted while waiting for the next message", e);
    }
    if (next == null) done = true;
    return next != null;
  }

  @Override
  public T next() {
    if (!hasNext()) throw new NoSuchElementException("end of channel");
    T value = next;
    next = null;
    return value;
  }
}
