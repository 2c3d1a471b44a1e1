package org.libchan4j.internal.session;

import java.util.concurrent.CompletableFuture;
import org.libchan4j.ChannelFailedException;
import org.libchan4j.CloseCodes;
import org.libchan4j.Receiver;
import org.libchan4j.SessionClosedException;
import org.libchan4j.Sender;

/**
 * Internal: copies a receiver into a sender without holding a thread: each step waits on futures, and steps that
 * complete at once run in a loop rather than recursively. At the end of the source the target is closed; if the
 * source fails, the target fails too (a pipe with the same cause, a remote channel with an error frame, which the
 * jschan framing turns into a normal end); if the target refuses a message, the source is closed.
 */
public final class Pump<T> {
  private final Receiver<T> from;
  private final Sender<? super T> to;
  private final CompletableFuture<Long> done = new CompletableFuture<>();
  private long count;

  private Pump(Receiver<T> from, Sender<? super T> to) {
    this.from = from;
    this.to = to;
  }

  /** Starts copying; the future completes with the number of messages copied, or the first failure. */
  public static <T> CompletableFuture<Long> start(Receiver<T> from, Sender<? super T> to) {
    Pump<T> pump = new Pump<>(from, to);
    pump.run();
    return pump.done;
  }

  private void run() {
    while (true) {
      CompletableFuture<T> next = from.receiveAsync();
      if (!next.isDone()) {
        next.whenComplete((v, e) -> {
          if (received(v, e)) run();
        });
        return;
      }
      if (!received(next.getNow(null), failureOf(next))) return;
    }
  }

  /** Handles one receive; true to continue the loop synchronously. */
  private boolean received(T value, Throwable error) {
    if (error != null) {
      RuntimeException cause = Futures.unwrap(error);
      if (to instanceof PipeEnds.PipeSender) {
        Futures.run(((PipeEnds.PipeSender<?>) to).queue().fail(cause));
      } else if (cause instanceof ChannelFailedException) {
        to.fail(((ChannelFailedException) cause).code(), cause.getMessage());
      } else if (cause instanceof SessionClosedException) {
        to.fail(((SessionClosedException) cause).closeCode(), "the source's session ended: " + cause.getMessage());
      } else {
        to.fail(CloseCodes.INTERNAL_ERROR, "the source failed: " + cause);
      }
      done.completeExceptionally(cause);
      return false;
    }
    if (value == null) {
      to.close();
      done.complete(count);
      return false;
    }
    CompletableFuture<Void> sent;
    try {
      sent = to.sendAsync(value);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    if (sent.isDone()) return sentResult(failureOf(sent));
    sent.whenComplete((v, e) -> {
      if (sentResult(e)) run();
    });
    return false;
  }

  private boolean sentResult(Throwable error) {
    if (error != null) {
      from.close();
      done.completeExceptionally(Futures.unwrap(error));
      return false;
    }
    count++;
    return true;
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    if (!f.isCompletedExceptionally()) return null;
    try {
      f.join();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
