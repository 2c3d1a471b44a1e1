package org.libchan4j.transport;

import org.libchan4j.SessionOptions;

/** Go channel semantics over {@link InMemoryTransport}, extended mode (flow control). */
class InMemoryExtendedSemanticsTest extends InMemorySemanticsTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
