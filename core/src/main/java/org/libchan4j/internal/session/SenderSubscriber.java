package org.libchan4j.internal.session;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.CloseCodes;
import org.libchan4j.Sender;
import org.libchan4j.SessionClosedException;

/**
 * Internal: a {@link Flow.Subscriber} that feeds a {@link Sender} (contract on
 * {@code org.libchan4j.ChanFlow#subscriber}). It requests {@code window} messages, then one more each time a send
 * completes. Calls on the subscription come from several threads (send completions); a work-in-progress counter
 * makes them serial (Rule 2.7).
 */
public final class SenderSubscriber<T> implements Flow.Subscriber<T> {
  private final Sender<? super T> sender;
  private final int window;
  private final AtomicReference<Flow.Subscription> upstream = new AtomicReference<>();
  /** onComplete or onError arrived, or a send failed: nothing more to request or send. */
  private final AtomicBoolean done = new AtomicBoolean();
  private final AtomicLong toRequest = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean cancel;
  /** Drain loop only. */
  private boolean cancelled;

  public SenderSubscriber(Sender<? super T> sender, int window) {
    this.sender = Objects.requireNonNull(sender, "sender");
    if (window < 1) throw new IllegalArgumentException("window must be >= 1: " + window);
    this.window = window;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    if (!upstream.compareAndSet(null, subscription)) {
      subscription.cancel(); // Rule 2.5: one subscription at a time
      return;
    }
    // The receiver closed the channel, the session ended, or the application closed the sender.
    sender.closeFuture().whenComplete((v, e) -> {
      if (!done.get()) cancelUpstream();
    });
    request(window);
  }

  @Override
  public void onNext(T item) {
    Objects.requireNonNull(item, "item");
    if (done.get()) return;
    CompletableFuture<Void> sent;
    try {
      sent = sender.sendAsync(item);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((v, e) -> {
      if (e == null) request(1);
      else sendFailed(e);
    });
  }

  @Override
  public void onError(Throwable error) {
    Objects.requireNonNull(error, "error");
    if (!done.compareAndSet(false, true)) return;
    if (error instanceof ChannelFailedException) {
      sender.fail(((ChannelFailedException) error).code(), error.getMessage());
    } else if (error instanceof SessionClosedException) {
      sender.fail(((SessionClosedException) error).closeCode(), "the source's session ended: " + error.getMessage());
    } else {
      sender.fail(CloseCodes.INTERNAL_ERROR, "the publisher failed: " + error);
    }
  }

  @Override
  public void onComplete() {
    if (done.compareAndSet(false, true)) sender.close();
  }

  private void sendFailed(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) error = error.getCause();
    if (!done.compareAndSet(false, true)) return;
    cancelUpstream();
    // Closed by the receiver or the session: nothing to tell. Still open (the message could not be encoded): fail it.
    if (!sender.isClosed()) sender.fail(CloseCodes.INTERNAL_ERROR, "a message could not be sent: " + error);
  }

  private void request(long n) {
    toRequest.getAndUpdate(r -> r + n < 0 ? Long.MAX_VALUE : r + n);
    drain();
  }

  private void cancelUpstream() {
    cancel = true;
    drain();
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) return;
    int missed = 1;
    do {
      Flow.Subscription s = upstream.get();
      if (cancel) {
        if (!cancelled) {
          cancelled = true;
          s.cancel();
        }
      } else if (!done.get()) {
        long n = toRequest.getAndSet(0);
        if (n > 0) s.request(n);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  @Override
  public String toString() {
    return "Subscriber(" + sender + ")";
  }
}
