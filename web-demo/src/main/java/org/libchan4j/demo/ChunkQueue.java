package org.libchan4j.demo;

import java.util.ArrayDeque;

/**
 * The chunks of an upload waiting for one receiver, at most {@code capacity} bytes (one chunk always fits), then
 * an end item. The producer waits while the queue is full; {@link #close()} by the consumer releases it for good.
 */
final class ChunkQueue {
  /** A chunk, or (chunk null) the end of the upload with its digest or error. */
  record Item(byte[] chunk, String sha256, String error) {}

  private final long capacity;
  private final ArrayDeque<Item> items = new ArrayDeque<>();
  private long bytes;
  private boolean closed;

  ChunkQueue(long capacity) {
    this.capacity = capacity;
  }

  /** Queues a chunk, waiting for room; drops it once the consumer has closed the queue. */
  synchronized void put(byte[] chunk) throws InterruptedException {
    while (!closed && bytes > 0 && bytes + chunk.length > capacity) wait();
    if (closed) return;
    items.add(new Item(chunk, null, null));
    bytes += chunk.length;
    notifyAll();
  }

  /** Queues the end of the upload: its SHA-256, or the error that broke it off. */
  synchronized void end(String sha256, String error) {
    if (closed) return;
    items.add(new Item(null, sha256, error));
    notifyAll();
  }

  /** The next item, waiting for one. */
  synchronized Item take() throws InterruptedException {
    while (items.isEmpty()) wait();
    Item item = items.poll();
    if (item.chunk() != null) bytes -= item.chunk().length;
    notifyAll();
    return item;
  }

  /** The consumer stops: queued chunks are dropped and the producer never waits for this queue again. */
  synchronized void close() {
    closed = true;
    items.clear();
    bytes = 0;
    notifyAll();
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Bytes queued now. */
  synchronized long bytes() {
    return bytes;
  }
}
