package org.libchan4j;

import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK (a TestNG suite, run by the TestNG engine on the JUnit Platform) on
 * {@link ChanFlow#publisher} over the receiver of an unbuffered {@link Pipe}, fed lazily: each send completes only
 * when the publisher took the message. Skipped tests: see {@link StrictPublisherVerification}.
 */
public class ChanFlowPipePublisherTckTest extends StrictPublisherVerification {

  @Override
  public Flow.Publisher<Integer> createFlowPublisher(long elements) {
    Pipe<Integer> pipe = Pipe.create();
    Feed.start(pipe.sender(), elements);
    return ChanFlow.publisher(pipe.receiver());
  }

  @Override
  public Flow.Publisher<Integer> createFailedFlowPublisher() {
    Pipe<Integer> pipe = Pipe.create();
    pipe.sender().fail(4242, "the writer failed");
    return ChanFlow.publisher(pipe.receiver());
  }
}
