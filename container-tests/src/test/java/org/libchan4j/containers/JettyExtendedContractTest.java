package org.libchan4j.containers;

import org.libchan4j.SessionOptions;

/** The transport contract in the negotiated extended mode against the endpoint in embedded Jetty. */
class JettyExtendedContractTest extends JettyContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
