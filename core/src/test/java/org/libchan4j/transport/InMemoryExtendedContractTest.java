package org.libchan4j.transport;

import org.libchan4j.SessionOptions;

/** The transport contract over {@link InMemoryTransport} in the extended mode (flow control on every channel). */
class InMemoryExtendedContractTest extends InMemoryContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
