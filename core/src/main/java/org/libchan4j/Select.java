package org.libchan4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.libchan4j.internal.session.SelectTicket;

/**
 * Go's {@code select} over session channels and pipes: waits until one of several receives or sends can proceed,
 * does exactly that one, and runs its handler.
 *
 * <pre>{@code
 * String what = Select.<String>create()
 *     .receive(results, r -> "result " + r)          // r is null once results has ended
 *     .send(jobs, nextJob, () -> "dispatched")
 *     .timeout(Duration.ofSeconds(1), () -> "idle")
 *     .select();
 * }</pre>
 *
 * <p><b>Semantics, next to Go's.</b>
 * <ul>
 *   <li>Exactly one case proceeds. A receive case takes one message (or sees the end, its handler then gets
 *       {@code null}, as Go's {@code v, ok := <-ch} gets {@code ok == false}); a send case sends its message. The
 *       other cases take and send nothing: their channels are exactly as if this select never happened.
 *   <li>A send case is ready only when its channel has room: a pipe's buffer has space or a receive is waiting
 *       (capacity 0); a session channel's receiver granted credit (extended mode; the jschan-compatible mode has no
 *       flow control, so there it is always ready). On a session channel the case proceeds when the message is
 *       handed to the session for transmission; for an unbuffered one that is once the previous message was taken.
 *   <li>If several cases are ready, one is chosen uniformly at random, as in Go, so no case starves.
 *   <li>{@link #otherwise} is Go's {@code default}: when no case is ready at once, it runs instead and the select
 *       does not wait. {@link #timeout} is {@code case <-time.After(d)}: if no case proceeded in time, its handler
 *       runs and nothing was taken or sent.
 *   <li>A closed channel is not a nil channel: a receive case on a receiver this side closed, and a send case on
 *       an ended or cancelled channel, proceed at once by throwing {@link ChannelClosedException} (Go panics for a
 *       send on a closed channel). A failed channel or ended session throws its {@link ChannelFailedException} or
 *       {@link SessionClosedException}.
 * </ul>
 *
 * <p><b>Threading.</b> A select is built and run by one thread; it may be run again. {@link #select()} runs the
 * chosen handler on the calling thread. {@link #selectAsync()} runs it on the thread that completed the case (a
 * transport thread for a message arriving from the peer): keep it short or move on with {@code *Async}
 * continuations. Cancelling the future of {@link #selectAsync()} before a case proceeded guarantees none will.
 *
 * <p>Channels must be this library's: session channels and {@link Pipe} ends (others: {@link
 * IllegalArgumentException}). Byte streams are not selectable.
 */
public final class Select<R> {
  private final List<Object> ends = new ArrayList<>();
  private final List<Object> messages = new ArrayList<>();
  private final List<Function<Object, ? extends R>> handlers = new ArrayList<>();
  private Supplier<? extends R> otherwise;
  private Duration timeout;
  private Supplier<? extends R> onTimeout;

  private Select() {}

  /** An empty select; add cases, then {@link #select()}. */
  public static <R> Select<R> create() {
    return new Select<>();
  }

  /** A receive case: {@code handler} gets the message taken, or {@code null} at the end of the channel. */
  @SuppressWarnings("unchecked")
  public <T> Select<R> receive(Receiver<T> receiver, Function<? super T, ? extends R> handler) {
    ends.add(Objects.requireNonNull(receiver, "receiver"));
    messages.add(null);
    handlers.add((Function<Object, ? extends R>) (Function<?, ? extends R>) Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** A send case: proceeds when {@code sender}'s channel has room for {@code message}; then {@code handler} runs. */
  public <T> Select<R> send(Sender<T> sender, T message, Supplier<? extends R> handler) {
    ends.add(Objects.requireNonNull(sender, "sender"));
    messages.add(Objects.requireNonNull(message, "message"));
    Objects.requireNonNull(handler, "handler");
    handlers.add(ignored -> handler.get());
    return this;
  }

  /** Go's {@code default}: runs when no case can proceed at once; the select then does not wait. */
  public Select<R> otherwise(Supplier<? extends R> handler) {
    this.otherwise = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Gives up after {@code timeout} with {@code handler}'s result; nothing was taken or sent then. A zero or negative
   * timeout (a deadline already passed) still lets a case that is ready at once proceed, as Go's
   * {@code time.After} does.
   */
  public Select<R> timeout(Duration timeout, Supplier<? extends R> handler) {
    this.timeout = timeout.isNegative() ? Duration.ZERO : timeout;
    this.onTimeout = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Waits until a case proceeds (or the default or the timeout applies) and returns its handler's result.
   *
   * @throws InterruptedException when interrupted before a case proceeded; nothing was taken or sent
   * @throws IllegalStateException a select with no case, no default and no timeout (it would wait forever)
   */
  public R select() throws InterruptedException {
    SelectTicket ticket = start();
    if (ticket == null) return otherwise.get();
    try {
      if (timeout == null) ticket.get();
      else ticket.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (ticket.giveUp()) return onTimeout.get();
      awaitDecided(ticket);
    } catch (InterruptedException e) {
      if (ticket.giveUp()) throw e;
      awaitDecided(ticket);
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
    return chosen(ticket);
  }

  /**
   * As {@link #select()} without holding a thread: the future completes with the chosen handler's result.
   * Cancelling it before a case proceeded guarantees none will (then {@code cancel} returns true).
   */
  public CompletableFuture<R> selectAsync() {
    SelectTicket ticket = start();
    if (ticket == null) return CompletableFuture.supplyAsync(otherwise::get, Runnable::run);
    Result<R> result = new Result<>(ticket);
    ticket.whenComplete((t, e) -> {
      if (e != null) result.fail(e);
      else result.settle(() -> chosen(t));
    });
    if (timeout != null && !ticket.isDone()) {
      CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
        if (ticket.giveUp()) result.settle(onTimeout);
      });
    }
    return result;
  }

  /** The pass; null when the default applies. */
  private SelectTicket start() {
    if (ends.isEmpty() && otherwise == null && timeout == null) {
      throw new IllegalStateException("a select with no case, no default and no timeout would wait forever");
    }
    SelectTicket ticket = SelectTicket.start(ends.toArray(), messages.toArray(), otherwise == null);
    if (!ticket.isDone() && !ticket.decided() && otherwise != null) return null;
    return ticket;
  }

  private R chosen(SelectTicket ticket) {
    return handlers.get(ticket.index()).apply(ticket.value());
  }

  private static void awaitDecided(SelectTicket ticket) {
    boolean interrupted = false;
    while (true) {
      try {
        ticket.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        if (interrupted) Thread.currentThread().interrupt();
        throw rethrow(e.getCause());
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException) return (RuntimeException) t;
    if (t instanceof Error) throw (Error) t;
    return new ChanException(String.valueOf(t), t);
  }

  /** The future of {@link #selectAsync()}: cancelling or completing it gives the select up first. */
  private static final class Result<R> extends CompletableFuture<R> {
    private final SelectTicket ticket;

    Result(SelectTicket ticket) {
      this.ticket = ticket;
    }

    void settle(Supplier<? extends R> value) {
      try {
        super.complete(value.get());
      } catch (RuntimeException e) {
        super.completeExceptionally(e);
      }
    }

    void fail(Throwable e) {
      if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) e = e.getCause();
      if (!(e instanceof CancellationException)) super.completeExceptionally(e);
    }

    @Override
    public boolean complete(R value) {
      return ticket.giveUp() && super.complete(value);
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      return ticket.giveUp() && super.completeExceptionally(ex);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return ticket.giveUp() && super.cancel(mayInterruptIfRunning);
    }
  }
}
