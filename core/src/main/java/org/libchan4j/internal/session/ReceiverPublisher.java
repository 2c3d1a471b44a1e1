package org.libchan4j.internal.session;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.Receiver;
import org.libchan4j.SessionClosedException;

/**
 * Internal: a {@link Receiver} as a {@link Flow.Publisher} (contract on {@code org.libchan4j.ChanFlow#publisher}).
 * One receive is in flight at a time, and only while the subscriber has demand. Every signal comes from one drain
 * loop guarded by a work-in-progress counter, so buffered messages are delivered in a loop, never by recursion.
 */
public final class ReceiverPublisher<T> implements Flow.Publisher<T> {
  private final Receiver<? extends T> receiver;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  public ReceiverPublisher(Receiver<? extends T> receiver) {
    this.receiver = Objects.requireNonNull(receiver, "receiver");
  }

  @Override
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(Rejected.INSTANCE);
      subscriber.onError(new IllegalStateException(
          "a publisher over " + receiver + " takes one subscriber: each message is delivered once"));
      return;
    }
    new Subscription<T>(receiver, subscriber).start();
  }

  @Override
  public String toString() {
    return "Publisher(" + receiver + ")";
  }

  /** What a rejected subscriber gets before its onError. */
  private enum Rejected implements Flow.Subscription {
    INSTANCE;

    @Override public void request(long n) {}

    @Override public void cancel() {}
  }

  /** The outcome of a receive that failed. */
  private static final class Failure {
    final Throwable cause;

    Failure(Throwable cause) {
      this.cause = cause;
    }
  }

  private static final Object END = new Object();

  private static final class Subscription<T> implements Flow.Subscription {
    private final Receiver<? extends T> receiver;
    /** Completes when the receiver has nothing left (pipes and session channels); null for other receivers. */
    private final CompletableFuture<Void> exhausted;
    /** Null once cancelled or terminated, so the subscriber can be collected (Rule 3.13). */
    private volatile Flow.Subscriber<? super T> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    /** A non-positive request to report (Rule 3.9); 0 when none. */
    private volatile long badRequest;
    /** The outcome of the receive in flight once it completed: a message, {@link #END} or a {@link Failure}. */
    private volatile Object ready;
    /** Drain loop only: a receive is in flight. */
    private boolean receiving;
    /** Drain loop only: a callback waits on {@link #exhausted}. */
    private boolean watching;

    Subscription(Receiver<? extends T> receiver, Flow.Subscriber<? super T> subscriber) {
      this.receiver = receiver;
      this.subscriber = subscriber;
      this.exhausted = receiver instanceof QueueReceiver ? ((QueueReceiver<?>) receiver).queue.exhausted : null;
    }

    void start() {
      wip.set(1); // requests made inside onSubscribe are served once it returns: signals never overlap
      subscriber.onSubscribe(this);
      loop(1);
    }

    @Override
    public void request(long n) {
      if (n <= 0) badRequest = n == 0 ? -1 : n;
      else demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n); // unbounded from Long.MAX_VALUE (Rule 3.17)
      drain();
    }

    @Override
    public void cancel() {
      if (finished.compareAndSet(false, true)) {
        subscriber = null;
        receiver.close(); // a receive in flight completes now; the loop signals nothing more
      }
    }

    private void drain() {
      if (wip.getAndIncrement() == 0) loop(1);
    }

    private void loop(int missed) {
      do {
        step();
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    @SuppressWarnings("unchecked")
    private void step() {
      while (true) {
        Flow.Subscriber<? super T> s = subscriber;
        if (s == null) return;
        long bad = badRequest;
        if (bad != 0) {
          finish(true);
          s.onError(new IllegalArgumentException(
              "Rule 3.9: non-positive subscription request: " + (bad == -1 ? 0 : bad)));
          return;
        }
        Object r = ready;
        if (r != null) {
          ready = null;
          receiving = false;
          if (r == END) {
            finish(false);
            s.onComplete();
            return;
          }
          if (r instanceof Failure) {
            Throwable cause = ((Failure) r).cause;
            // The channel's own end needs no close; any other failure (binding) leaves it open: stop it.
            finish(!(cause instanceof ChannelFailedException || cause instanceof SessionClosedException));
            s.onError(cause);
            return;
          }
          if (demand.get() != Long.MAX_VALUE) demand.decrementAndGet();
          s.onNext((T) r);
          continue;
        }
        if (receiving) return;
        if (demand.get() == 0) {
          if (exhausted == null) return;
          if (!exhausted.isDone()) {
            if (!watching) {
              watching = true;
              exhausted.whenComplete((v, e) -> drain());
            }
            return;
          }
          // Nothing is left to take: the receive below yields the end or the failure, and takes no message.
        }
        receiving = true;
        CompletableFuture<? extends T> next;
        try {
          next = receiver.receiveAsync();
        } catch (RuntimeException e) {
          next = CompletableFuture.failedFuture(e);
        }
        if (!next.isDone()) {
          next.whenComplete((v, e) -> {
            ready = outcome(v, e);
            drain();
          });
          return;
        }
        ready = next.handle(Subscription::outcome).join();
      }
    }

    private static Object outcome(Object value, Throwable error) {
      if (error == null) return value == null ? END : value;
      while (error instanceof CompletionException && error.getCause() != null) error = error.getCause();
      return new Failure(error);
    }

    private void finish(boolean closeReceiver) {
      if (finished.compareAndSet(false, true)) {
        subscriber = null;
        if (closeReceiver) receiver.close();
      }
    }
  }
}
