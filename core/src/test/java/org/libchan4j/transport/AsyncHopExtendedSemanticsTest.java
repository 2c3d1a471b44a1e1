package org.libchan4j.transport;

import org.libchan4j.SessionOptions;

/** {@link AsyncHopSemanticsTest} in the extended mode. */
class AsyncHopExtendedSemanticsTest extends AsyncHopSemanticsTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
