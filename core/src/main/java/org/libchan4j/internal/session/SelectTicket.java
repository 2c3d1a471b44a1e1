package org.libchan4j.internal.session;

import java.util.Objects;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/**
 * Internal (behind {@link org.libchan4j.Select}): the ticket of one select. Exactly one of its cases proceeds, in
 * {@link Choice}'s pass or later through the first counterpart to claim it; the ticket then completes with itself,
 * telling {@link #index()} and {@link #value()}. Abandoning it (timeout, cancel) leaves every channel as it was.
 */
public final class SelectTicket extends Ticket<SelectTicket> {
  private volatile int index = -1;
  private volatile Object value;

  private SelectTicket() {}

  /**
   * Runs the pass over the cases: {@code ends[i]} is a {@link Receiver} (receive case, {@code messages[i]} null) or a
   * {@link Sender} with {@code messages[i]} to send. With {@code mayWait} false nothing waits: if no case could
   * proceed the ticket is returned incomplete and already abandoned (the default case).
   *
   * @throws IllegalArgumentException an end that is not one of this library's channels
   */
  public static SelectTicket start(Object[] ends, Object[] messages, boolean mayWait) {
    SelectTicket ticket = new SelectTicket();
    Waiter[] cases = new Waiter[ends.length];
    for (int i = 0; i < ends.length; i++) cases[i] = waiter(ticket, i, ends[i], messages[i]);
    if (!Choice.run(ticket, cases, mayWait) && !mayWait) ticket.abandon();
    return ticket;
  }

  private static Waiter waiter(SelectTicket ticket, int i, Object end, Object message) {
    Objects.requireNonNull(end, "channel of case " + i);
    if (message == null) {
      if (end instanceof QueueReceiver) return new Waiter(ticket, ((QueueReceiver<?>) end).queue, i, false, null);
    } else if (end instanceof PipeEnds.PipeSender) {
      return new Waiter(ticket, ((PipeEnds.PipeSender<?>) end).queue(), i, true, message);
    } else if (end instanceof RemoteSender) {
      RemoteSender<?> sender = (RemoteSender<?>) end;
      return new Waiter(ticket, sender, i, true, sender.tree(message));
    }
    throw new IllegalArgumentException("case " + i + ": not a channel of this library: " + end);
  }

  /** The case that proceeded, or -1. */
  public int index() {
    return index;
  }

  /** What a receive case took (null at the end of its channel); null for a send case. */
  public Object value() {
    return value;
  }

  /** Gives up unless a case already proceeded (a timeout, a cancel); true if none will. */
  public boolean giveUp() {
    return abandon();
  }

  /** True once a case proceeded or is proceeding (its result follows at once). */
  public boolean decided() {
    return isClaimed();
  }

  @Override
  void proceed(Waiter w, Object item, RuntimeException error) {
    forget(w);
    if (error != null) {
      deliverFailure(error);
      return;
    }
    try {
      value = w.send ? null : MessageQueue.resolve(item);
    } catch (RuntimeException e) {
      deliverFailure(e);
      return;
    }
    index = w.index;
    deliver(this);
  }
}
