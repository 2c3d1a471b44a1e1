package org.libchan4j.internal.session;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Internal: the decision behind one receive, send, accept or select: it proceeds at most once, and only if the
 * library {@linkplain #claim claims} it before anybody {@linkplain #abandon abandons} it (a cancel, a timeout, a
 * completion by the application). That single compare-and-set is what makes futures cancel-safe: a message is
 * handed to a waiter, or taken from a blocked sender, only by the party that won the claim, under the lock of the
 * queue that holds it, so an abandoned future never consumes or sends anything.
 *
 * <p>The application sees a ticket as a {@code CompletableFuture}: {@code cancel}, {@code complete},
 * {@code completeExceptionally} (and so {@code orTimeout}, {@code completeOnTimeout}) first try to abandon it and
 * return {@code false}, changing nothing, once it was claimed: the result is then on its way.
 */
abstract class Ticket<V> extends java.util.concurrent.CompletableFuture<V> {
  private static final int OPEN = 0;
  private static final int CLAIMED = 1;
  private static final int ABANDONED = 2;
  private static final AtomicIntegerFieldUpdater<Ticket> STATE =
      AtomicIntegerFieldUpdater.newUpdater(Ticket.class, "state");

  private volatile int state;
  /** Where this ticket waits; set before the ticket is visible to anybody else. */
  Waiter[] waiters;

  /** The library: this ticket proceeds. False if it already did or was abandoned. */
  final boolean claim() {
    return STATE.compareAndSet(this, OPEN, CLAIMED);
  }

  /** A ticket that proceeded before it was ever waited on (its result follows). */
  final Ticket<V> claimed() {
    state = CLAIMED;
    return this;
  }

  /** True once the library claimed it: the operation happened or is completing. */
  final boolean isClaimed() {
    return state == CLAIMED;
  }

  /** Gives up unless already claimed; then forgets every place it waits. */
  final boolean abandon() {
    if (!STATE.compareAndSet(this, OPEN, ABANDONED)) return false;
    forget(null);
    return true;
  }

  /** Removes the waiters other than {@code winner} from their queues (each takes its own lock). */
  final void forget(Waiter winner) {
    Waiter[] ws = waiters;
    if (ws == null) return;
    for (Waiter w : ws) {
      if (w != winner) w.port.remove(w);
    }
  }

  /**
   * After the claim, outside every lock: the case {@code w} proceeded with {@code item} (a taken message, null at the
   * end of the channel; for a remote send the future of its transmission) or failed with {@code error}.
   */
  abstract void proceed(Waiter w, Object item, RuntimeException error);

  /** Completes the future for the library (the public methods below are the application's). */
  final void deliver(V value) {
    super.complete(value);
  }

  final void deliverFailure(Throwable error) {
    super.completeExceptionally(error);
  }

  @Override
  public boolean complete(V value) {
    return abandon() && super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    return abandon() && super.completeExceptionally(ex);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return abandon() && super.cancel(mayInterruptIfRunning);
  }
}
