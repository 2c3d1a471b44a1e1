package org.libchan4j;

/**
 * A channel that can no longer be used this way:
 *
 * <ul>
 *   <li>a send after this side's {@link Sender#close()} or {@link Sender#fail}, or after the receiver closed the
 *       channel. A receiver's close reaches a session sender in the extended mode (the cancel frame) and a pipe's
 *       sender at once; the jschan-compatible mode cannot tell the sender, whose sends keep succeeding and are
 *       discarded by the receiving side;
 *   <li>a receive, pending or later, on a {@link Receiver} this side closed: unlike the {@code null} of the sender's
 *       normal end, it says the receiver itself was closed.
 * </ul>
 */
public class ChannelClosedException extends ChanException {
  public ChannelClosedException(String message) {
    super(message);
  }
}
