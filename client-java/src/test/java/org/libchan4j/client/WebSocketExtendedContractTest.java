package org.libchan4j.client;

import org.libchan4j.SessionOptions;

/** The transport contract over WebSocket in the negotiated extended mode (flow control on every channel). */
class WebSocketExtendedContractTest extends WebSocketContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
