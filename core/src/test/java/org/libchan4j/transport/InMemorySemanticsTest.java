package org.libchan4j.transport;

import org.libchan4j.Session;
import org.libchan4j.testing.ChannelSemanticsContractTest;
import org.libchan4j.testing.RawConnection;

/** Go channel semantics over {@link InMemoryTransport}, jschan-compatible mode. */
class InMemorySemanticsTest extends ChannelSemanticsContractTest {
  @Override
  protected RawConnection connectRaw() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session server = Session.open(t[1], options(Session.Role.SERVER));
    return new RawConnection(t[0], server, null);
  }
}
