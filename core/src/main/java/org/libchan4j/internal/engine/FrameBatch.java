package org.libchan4j.internal.engine;

import java.util.ArrayDeque;

/**
 * Internal: the rule by which queued frames become one transport message (PROTOCOL.md section 7.5), shared by the
 * JVM's WebSocket writer and the browser: the first queued frame, followed by every next frame while the message
 * stays within {@code maxBatch} bytes. A frame larger than {@code maxBatch} goes alone; frames are never split.
 */
public final class FrameBatch {
  /** The batch size libchan4j's writers use: 64 KiB, what jschan's own chunking produces. */
  public static final int MAX_BATCH = 64 * 1024;

  private FrameBatch() {}

  /** Removes the next message's frames from {@code queue} and returns them as one array; null when empty. */
  public static byte[] take(ArrayDeque<byte[]> queue, int maxBatch) {
    byte[] first = queue.poll();
    if (first == null || queue.isEmpty() || first.length >= maxBatch) return first;
    int total = first.length;
    int count = 1;
    for (byte[] next : queue) {
      if (total + next.length > maxBatch) break;
      total += next.length;
      count++;
    }
    if (count == 1) return first;
    byte[] merged = new byte[total];
    System.arraycopy(first, 0, merged, 0, first.length);
    int at = first.length;
    for (int i = 1; i < count; i++) {
      byte[] next = queue.poll();
      System.arraycopy(next, 0, merged, at, next.length);
      at += next.length;
    }
    return merged;
  }
}
