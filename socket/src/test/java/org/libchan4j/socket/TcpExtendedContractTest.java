package org.libchan4j.socket;

import org.libchan4j.SessionOptions;

/** The transport contract over plain TCP in the extended mode, both ends configured for it. */
class TcpExtendedContractTest extends TcpContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
