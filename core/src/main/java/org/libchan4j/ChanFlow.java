package org.libchan4j;

import java.util.concurrent.Flow;
import org.libchan4j.internal.session.ReceiverPublisher;
import org.libchan4j.internal.session.SenderSubscriber;

/**
 * Adapters between channels and {@link java.util.concurrent.Flow} (Reactive Streams): a {@link Receiver} as a
 * {@link Flow.Publisher}, a {@link Sender} as a {@link Flow.Subscriber}. A channel's flow control becomes demand and
 * demand becomes flow control, so a slow subscriber holds back the remote writer and a slow receiver holds back the
 * upstream publisher. They pass the Reactive Streams TCK (the subscriber its black-box verification); reactive
 * libraries use them through their {@code Flow} bridges (e.g. Reactor's {@code JdkFlowAdapter}).
 */
public final class ChanFlow {
  /** How many sends {@link #subscriber(Sender)} keeps outstanding at most. */
  public static final int DEFAULT_WINDOW = 8;

  private ChanFlow() {}

  /**
   * The messages of {@code receiver} as a publisher.
   *
   * <p><b>Demand.</b> A message is taken from the receiver only while the subscriber has outstanding demand, one
   * receive at a time: nothing is prefetched. On a session channel in the extended mode the writer's credit is
   * therefore returned only for messages the subscriber asked for, and with capacity {@code C} the writer's sends
   * complete at most {@code C} messages ahead of the subscriber's total demand.
   *
   * <p><b>Signals.</b> {@code onNext} for each message in order; {@code onComplete} at the end of the channel;
   * {@code onError} with the channel's failure: {@link ChannelFailedException} (the writer failed it, with its
   * code), {@link SessionClosedException} (the session ended), or the exception that binding a message threw (the
   * receiver is then closed). For receivers of pipes and session channels the end and the failure are signalled as
   * soon as every message before them was delivered, even without demand; for other {@link Receiver}
   * implementations at the next request.
   *
   * <p><b>Cancellation.</b> {@link Flow.Subscription#cancel()} closes the receiver, which in the extended mode
   * cancels the remote writer (its sends fail with {@link ChannelClosedException}). Nothing is signalled after it,
   * whatever the receive in flight then yields. A request of zero or less cancels and signals
   * {@link IllegalArgumentException} (Rule 3.9).
   *
   * <p><b>Subscribers.</b> A receiver's messages go to one subscriber: the publisher accepts a single
   * {@code subscribe}; later subscribers get {@code onSubscribe} followed by {@code onError(IllegalStateException)}.
   * The subscriber must be the receiver's only reader.
   *
   * <p><b>Threading.</b> No thread is held while waiting. Signals are serial and never recursive: messages already
   * buffered are delivered on the thread that calls {@code request} (in a loop, even when {@code onNext} requests
   * more); a message that arrives later is delivered on the thread that completes the receive: for a session
   * channel the transport's delivery thread (which should not block, see {@link Session}), for a pipe the
   * sender's.
   */
  public static <T> Flow.Publisher<T> publisher(Receiver<? extends T> receiver) {
    return new ReceiverPublisher<>(receiver);
  }

  /** As {@link #subscriber(Sender, int)} with {@link #DEFAULT_WINDOW}. */
  public static <T> Flow.Subscriber<T> subscriber(Sender<? super T> sender) {
    return new SenderSubscriber<>(sender, DEFAULT_WINDOW);
  }

  /**
   * A subscriber that sends each item to {@code sender}; subscribe it to one publisher.
   *
   * <p><b>Demand.</b> It requests {@code window} items at first and one more each time a send completes, so at most
   * {@code window} sends are outstanding: the sender's flow control (its channel's capacity, the connection's
   * backpressure) becomes the publisher's demand. Items sent this way keep their order.
   *
   * <p><b>Termination.</b> {@code onComplete} closes the sender: the receiver sees the end after every item sent
   * before, including sends still outstanding. {@code onError} fails it with
   * {@link Sender#fail(int, String) fail}: the code and message of a {@link ChannelFailedException}, the close code
   * of a {@link SessionClosedException}, otherwise {@link CloseCodes#INTERNAL_ERROR} and the error's text (in the
   * jschan-compatible mode the peer sees a normal end).
   *
   * <p><b>Cancellation.</b> The subscription is cancelled when the sender can take no more: the receiver closed the
   * channel, the session ended, or the sender was closed by someone else ({@link Sender#closeFuture()} completed
   * first). It is also cancelled when a send fails; if the sender is still open then (a message that cannot be
   * encoded), it is failed with {@link CloseCodes#INTERNAL_ERROR}.
   *
   * <p><b>Threading.</b> The publisher's signals may come from any thread; requests are made from the thread that
   * completes a send (often the transport's, or inside {@code onNext} when the send completes at once) and are
   * serialised. Nothing blocks.
   *
   * @param window how many sends may be outstanding, at least 1
   */
  public static <T> Flow.Subscriber<T> subscriber(Sender<? super T> sender, int window) {
    return new SenderSubscriber<>(sender, window);
  }
}
