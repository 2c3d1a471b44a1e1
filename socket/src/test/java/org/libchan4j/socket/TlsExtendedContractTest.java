package org.libchan4j.socket;

import org.libchan4j.SessionOptions;

/** The transport contract over TLS in the extended mode. */
class TlsExtendedContractTest extends TlsContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
