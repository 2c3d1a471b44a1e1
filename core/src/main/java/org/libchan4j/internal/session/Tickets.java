package org.libchan4j.internal.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.libchan4j.ChanTimeoutException;

/** Internal: blocking and timed waits on {@link Ticket}s that keep their cancel-safety. */
final class Tickets {
  private Tickets() {}

  /**
   * Waits for {@code f}. If interrupted, abandons it: an abandoned operation did nothing and the interrupt is
   * thrown; one already claimed is completing, so its result is awaited and returned with the flag set again.
   */
  static <T> T await(CompletableFuture<T> f) throws InterruptedException {
    try {
      return Futures.await(f);
    } catch (InterruptedException e) {
      if (f.cancel(false) || !settlesAtClaim(f)) throw e;
      T value = awaitUninterruptibly(f);
      Thread.currentThread().interrupt();
      return value;
    }
  }

  /**
   * Waits for {@code f} at most {@code timeout}: at the deadline it is abandoned and {@link ChanTimeoutException}
   * thrown, unless it was claimed already: then its result is awaited (a receive's item, a pipe send's
   * completion), or for a session channel's send (sent, not yet confirmed) null is returned.
   */
  static <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws InterruptedException {
    long nanos = timeout.toNanos();
    if (!f.isDone()) {
      FlushScope.beforeBlocking();
      try {
        return f.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (f.cancel(false)) throw new ChanTimeoutException(what + " within " + timeout + ": nothing happened", timeout);
        if (!settlesAtClaim(f) && !f.isDone()) return null;
      } catch (ExecutionException e) {
        throw Futures.unwrap(e.getCause());
      } catch (InterruptedException e) {
        if (f.cancel(false) || !settlesAtClaim(f)) throw e;
        T value = awaitUninterruptibly(f);
        Thread.currentThread().interrupt();
        return value;
      }
    }
    return Futures.await(f);
  }

  /** True when a claimed {@code f} completes at once (everything but a session channel's send). */
  private static boolean settlesAtClaim(CompletableFuture<?> f) {
    return !(f instanceof RemoteSender.SendTicket);
  }

  /** Waits for a claimed {@code f}, which completes without waiting on anything else; the caller re-interrupts. */
  private static <T> T awaitUninterruptibly(CompletableFuture<T> f) {
    while (true) {
      try {
        return Futures.await(f);
      } catch (InterruptedException e) {
        // keep waiting: the result is this thread's
      }
    }
  }
}
