package org.libchan4j.proxy;

import org.libchan4j.SessionOptions;

/** The transport contract through nginx in the negotiated extended mode (flow control on every channel). */
class NginxExtendedContractTest extends NginxContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
