package org.libchan4j.transport;

import org.libchan4j.SessionOptions;

/** {@link AsyncHopContractTest} in the extended mode. */
class AsyncHopExtendedContractTest extends AsyncHopContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
