package org.libchan4j.internal.session;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Internal: a cancel-safe future mapped from a {@link Ticket}: cancelling it (or completing it, or its timeout)
 * abandons the ticket, and fails, changing nothing, once the ticket was claimed. A plain {@code thenApply} would
 * leave the ticket waiting, to take what the application no longer wants.
 */
final class Mapped<S, T> extends CompletableFuture<T> {
  private final Ticket<S> source;

  Mapped(Ticket<S> source, Function<? super S, ? extends T> fn) {
    this.source = source;
    source.whenComplete((v, e) -> {
      if (e != null) {
        super.completeExceptionally(Futures.unwrap(e));
        return;
      }
      try {
        super.complete(fn.apply(v));
      } catch (RuntimeException x) {
        super.completeExceptionally(x);
      }
    });
  }

  @Override
  public boolean complete(T value) {
    return source.abandon() && super.complete(value);
  }

  @Override
  public boolean completeExceptionally(Throwable ex) {
    return source.abandon() && super.completeExceptionally(ex);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return source.abandon() && super.cancel(mayInterruptIfRunning);
  }
}
