package org.libchan4j;

import java.util.concurrent.CompletableFuture;

/**
 * Test helper: sends {@code 0, 1, ... n-1} into a sender without holding a thread (each send waits for the one
 * before; sends that complete at once run in a loop), then closes it. Stops at the first failed send, e.g. once the
 * receiver closed the channel.
 */
final class Feed {
  private final Sender<Integer> to;
  private final long count;
  private long next;
  /** The number of messages sent, or the failure of the send that stopped the feed. */
  final CompletableFuture<Long> done = new CompletableFuture<>();

  private Feed(Sender<Integer> to, long count) {
    this.to = to;
    this.count = count;
  }

  static Feed start(Sender<Integer> to, long count) {
    Feed feed = new Feed(to, count);
    feed.run();
    return feed;
  }

  private void run() {
    while (next < count) {
      CompletableFuture<Void> sent = to.sendAsync((int) (next++ % Integer.MAX_VALUE));
      if (!sent.isDone()) {
        sent.whenComplete((v, e) -> {
          if (e != null) done.completeExceptionally(e);
          else run();
        });
        return;
      }
      if (sent.isCompletedExceptionally()) {
        sent.whenComplete((v, e) -> done.completeExceptionally(e));
        return;
      }
    }
    to.close();
    done.complete(count);
  }
}
