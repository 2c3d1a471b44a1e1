package org.libchan4j.internal.session;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Internal: futures of sends on one writing direction, completed in order as the engine reports progress (message
 * numbers for channels, byte counts for streams). Used only under the session lock; completions are deferred.
 */
final class Completions {
  private static final class Pending {
    final long seq;
    final CompletableFuture<Void> future;

    Pending(long seq, CompletableFuture<Void> future) {
      this.seq = seq;
      this.future = future;
    }
  }

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private RuntimeException failure;

  /** A future for send number {@code seq}, already complete if {@code completed} reaches it. */
  CompletableFuture<Void> track(long seq, long completed) {
    if (completed >= seq) return CompletableFuture.completedFuture(null);
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (failure != null) {
      f.completeExceptionally(failure);
    } else {
      pending.add(new Pending(seq, f));
    }
    return f;
  }

  /** Completes the sends up to {@code completed}. */
  void progress(long completed, SessionImpl session) {
    while (!pending.isEmpty() && pending.peek().seq <= completed) {
      CompletableFuture<Void> f = pending.poll().future;
      session.defer(() -> f.complete(null));
    }
  }

  /** Fails every pending send, and those tracked later. */
  void fail(RuntimeException cause, SessionImpl session) {
    if (failure == null) failure = cause;
    while (!pending.isEmpty()) {
      CompletableFuture<Void> f = pending.poll().future;
      session.defer(() -> f.completeExceptionally(cause));
    }
  }
}
