package org.libchan4j.client;

import org.libchan4j.SessionOptions;

/** Go channel semantics over WebSocket in the extended mode (flow control, cancel). */
class WebSocketExtendedSemanticsTest extends WebSocketSemanticsTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
