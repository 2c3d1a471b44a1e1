package org.libchan4j.internal.session;

/** Internal: one case of a {@link Ticket} waiting on a {@link Port}: a receive, or the send of {@link #value}. */
final class Waiter {
  final Ticket<?> ticket;
  final Port port;
  /** The case's position in its select (0 for a plain operation). */
  final int index;
  final boolean send;
  /** A send's message (a pipe's value, or a session channel's bound tree). */
  final Object value;

  Waiter(Ticket<?> ticket, Port port, int index, boolean send, Object value) {
    this.ticket = ticket;
    this.port = port;
    this.index = index;
    this.send = send;
    this.value = value;
  }

  /** After the claim: hands {@code item} or {@code error} to the ticket (run once no lock is held). */
  Runnable proceed(Object item, RuntimeException error) {
    return () -> ticket.proceed(this, item, error);
  }
}
