package org.libchan4j.internal.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Internal: the session's backpressure. While the transport is not writable, send completions are held here until
 * it drains; if they stay held for {@code maxStallMillis}, {@code onStall} runs (the session then ends with 1008).
 * Every method runs under the session's lock; the futures it returns are completed by the caller after the lock.
 */
final class WriteGate {
  private final long maxStallMillis;
  private final Runnable onStall;
  private List<CompletableFuture<Void>> held = new ArrayList<>();
  private ScheduledFuture<?> stallTask;

  WriteGate(long maxStallMillis, Runnable onStall) {
    this.maxStallMillis = maxStallMillis;
    this.onStall = onStall;
  }

  /** A future that completes when {@code sent} has and the transport drained (see {@link #release}). */
  CompletableFuture<Void> hold(CompletableFuture<Void> sent) {
    CompletableFuture<Void> writable = new CompletableFuture<>();
    held.add(writable);
    if (stallTask == null) stallTask = KeepAlive.SCHEDULER.schedule(onStall, maxStallMillis, TimeUnit.MILLISECONDS);
    return sent.thenCombine(writable, (a, b) -> null);
  }

  boolean isHolding() {
    return !held.isEmpty();
  }

  /** The transport drained: the held completions, for the caller to complete once it released the lock. */
  List<CompletableFuture<Void>> release() {
    if (held.isEmpty()) return List.of();
    List<CompletableFuture<Void>> out = held;
    held = new ArrayList<>();
    if (stallTask != null) stallTask.cancel(false);
    stallTask = null;
    return out;
  }
}
