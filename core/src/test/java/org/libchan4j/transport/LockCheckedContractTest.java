package org.libchan4j.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.Session;
import org.libchan4j.testing.LockCheckingTransport;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;

/**
 * The whole transport contract over {@link InMemoryTransport} wrapped on both sides in a
 * {@link LockCheckingTransport}: no transport call but {@code send}, and no event, runs under a session lock, and
 * nothing reaches the wire unless the session flushed it after releasing its lock.
 */
class LockCheckedContractTest extends TransportContractTest {
  private final List<LockCheckingTransport> checked = new ArrayList<>();

  @Override
  protected RawConnection connectRaw() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    LockCheckingTransport client = new LockCheckingTransport(t[0]);
    LockCheckingTransport server = new LockCheckingTransport(t[1]);
    checked.add(client);
    checked.add(server);
    return new RawConnection(client, Session.open(server, options(Session.Role.SERVER)), null);
  }

  @Override
  protected void afterEachTest() {
    List<String> violations = new ArrayList<>();
    for (LockCheckingTransport c : checked) violations.addAll(c.violations());
    assertEquals(List.of(), violations, "transport calls under a session lock");
  }
}
