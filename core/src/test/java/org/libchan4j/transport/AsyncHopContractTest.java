package org.libchan4j.transport;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.libchan4j.Session;
import org.libchan4j.testing.AsyncHopTransport;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;

/** The whole transport contract over in-memory connections whose events hop to another thread at random. */
class AsyncHopContractTest extends TransportContractTest {
  static final ExecutorService HOPS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "async-hop");
    t.setDaemon(true);
    return t;
  });

  @Override
  protected RawConnection connectRaw() {
    return hopping(this::options);
  }

  static RawConnection hopping(java.util.function.Function<Session.Role, org.libchan4j.SessionOptions> options) {
    InMemoryTransport[] t = InMemoryTransport.pair();
    Session server = Session.open(new AsyncHopTransport(t[1], HOPS), options.apply(Session.Role.SERVER));
    return new RawConnection(new AsyncHopTransport(t[0], HOPS), server, null);
  }
}
