package org.libchan4j.socket;

import org.libchan4j.SessionOptions;

/** The transport contract over Unix domain sockets in the extended mode. */
class UnixExtendedContractTest extends UnixContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
