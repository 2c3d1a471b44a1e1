package org.libchan4j;

import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/**
 * The Reactive Streams TCK's black-box subscriber verification on {@link ChanFlow#subscriber} over the sender of an
 * unbuffered {@link Pipe} whose receiver is read to the end, so each send completes when it is taken and the
 * subscriber's requests follow the reader.
 *
 * <p>The white-box verification does not apply: its puppet asks the subscriber to request exact amounts on cue,
 * while this subscriber's demand is the sender's flow control (a window of sends). Tests reported as skipped: the
 * TCK's {@code untested_*} placeholders.
 */
public class ChanFlowSubscriberTckTest extends FlowSubscriberBlackboxVerification<Integer> {

  public ChanFlowSubscriberTckTest() {
    super(new TestEnvironment(FlowTck.TIMEOUT_MILLIS, FlowTck.NO_SIGNAL_MILLIS));
  }

  @Override
  public Flow.Subscriber<Integer> createFlowSubscriber() {
    Pipe<Integer> pipe = Pipe.create();
    Drain.start(pipe.receiver());
    return ChanFlow.subscriber(pipe.sender());
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }
}
