package org.libchan4j.transport;

import org.libchan4j.testing.ChannelSemanticsContractTest;
import org.libchan4j.testing.RawConnection;

/** Go channel semantics over in-memory connections whose events hop to another thread at random. */
class AsyncHopSemanticsTest extends ChannelSemanticsContractTest {
  @Override
  protected RawConnection connectRaw() {
    return AsyncHopContractTest.hopping(this::options);
  }
}
