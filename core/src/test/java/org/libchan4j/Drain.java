package org.libchan4j;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test helper: reads a receiver to its end without holding a thread (receives that complete at once run in a loop),
 * keeping what it read.
 */
final class Drain<T> {
  private final Receiver<T> from;
  final List<T> received = new CopyOnWriteArrayList<>();
  /** Completes at the end of the channel with everything read, or with the channel's failure. */
  final CompletableFuture<List<T>> done = new CompletableFuture<>();

  private Drain(Receiver<T> from) {
    this.from = from;
  }

  static <T> Drain<T> start(Receiver<T> from) {
    Drain<T> drain = new Drain<>(from);
    drain.run();
    return drain;
  }

  private void run() {
    while (true) {
      CompletableFuture<T> next = from.receiveAsync();
      if (!next.isDone()) {
        next.whenComplete((v, e) -> {
          if (took(v, e)) run();
        });
        return;
      }
      if (!next.handle(this::took).join()) return;
    }
  }

  private boolean took(T value, Throwable error) {
    if (error != null) {
      done.completeExceptionally(error);
      return false;
    }
    if (value == null) {
      done.complete(List.copyOf(received));
      return false;
    }
    received.add(value);
    return true;
  }
}
