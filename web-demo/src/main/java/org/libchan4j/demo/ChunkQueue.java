package org.libchan4j.demo;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The chunks of an upload waiting for one receiver, at most {@code capacity} bytes (one chunk always fits), then
 * an end item. The producer waits while the queue is full; {@link #close()} by the consumer releases it for good.
 * Waits park on a {@link ReentrantLock} condition rather than in a monitor, so the virtual threads session handlers
 * run on (Java 21+) never pin their carrier here.
 */
final class ChunkQueue {
  /** A chunk, or (chunk null) the end of the upload with its digest or error. */
  record Item(byte[] chunk, String sha256, String error) {}

  private final long capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final ArrayDeque<Item> items = new ArrayDeque<>();
  private long bytes;
  private boolean closed;

  ChunkQueue(long capacity) {
    this.capacity = capacity;
  }

  /** Queues a chunk, waiting for room; drops it once the consumer has closed the queue. */
  void put(byte[] chunk) throws InterruptedException {
    lock.lock();
    try {
      while (!closed && bytes > 0 && bytes + chunk.length > capacity) changed.await();
      if (closed) return;
      items.add(new Item(chunk, null, null));
      bytes += chunk.length;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Queues the end of the upload: its SHA-256, or the error that broke it off. */
  void end(String sha256, String error) {
    lock.lock();
    try {
      if (closed) return;
      items.add(new Item(null, sha256, error));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next item, waiting for one. */
  Item take() throws InterruptedException {
    lock.lock();
    try {
      while (items.isEmpty()) changed.await();
      Item item = items.poll();
      if (item.chunk() != null) bytes -= item.chunk().length;
      changed.signalAll();
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** The consumer stops: queued chunks are dropped and the producer never waits for this queue again. */
  void close() {
    lock.lock();
    try {
      closed = true;
      items.clear();
      bytes = 0;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes queued now. */
  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
