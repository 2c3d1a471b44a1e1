package org.libchan4j.transport;

import org.libchan4j.Session;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;

/** The transport contract over {@link InMemoryTransport}. */
class InMemoryContractTest extends TransportContractTest {
  @Override
  protected RawConnection connectRaw() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session server = Session.open(t[1], options(Session.Role.SERVER));
    return new RawConnection(t[0], server, null);
  }
}
