package org.libchan4j;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.Test;

/**
 * The TCK's publisher verification, except that the optional rules {@link ChanFlow#publisher} implements must pass:
 * the TCK reports a failed optional test as skipped, which would hide a regression. What stays skipped:
 * {@code optional_spec111_*} (a receiver's messages go to one subscriber; a second one gets onError, as Rule 1.9
 * allows) and the TCK's {@code untested_*} placeholders.
 */
abstract class StrictPublisherVerification extends FlowPublisherVerification<Integer> {
  private boolean mustPass;

  StrictPublisherVerification() {
    super(new TestEnvironment(FlowTck.TIMEOUT_MILLIS, FlowTck.NO_SIGNAL_MILLIS));
  }

  @Override
  public void optionalActivePublisherTest(long elements, boolean completionSignalRequired,
      PublisherTestRun<Integer> body) throws Throwable {
    if (mustPass) activePublisherTest(elements, completionSignalRequired, body);
    else super.optionalActivePublisherTest(elements, completionSignalRequired, body);
  }

  private interface TckTest {
    void run() throws Throwable;
  }

  private void strictly(TckTest test) throws Throwable {
    mustPass = true;
    try {
      test.run();
    } finally {
      mustPass = false;
    }
  }

  @Override @Test
  public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() throws Throwable {
    strictly(super::optional_spec105_emptyStreamMustTerminateBySignallingOnComplete);
  }

  @Override @Test
  public void optional_spec309_requestNegativeNumberMaySignalIllegalArgumentExceptionWithSpecificMessage()
      throws Throwable {
    strictly(super::optional_spec309_requestNegativeNumberMaySignalIllegalArgumentExceptionWithSpecificMessage);
  }
}
