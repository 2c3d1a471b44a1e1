package org.libchan4j.transport;

import org.libchan4j.SessionOptions;

/** {@link LockCheckedContractTest} in the extended mode (credits, cancels, keepalive frames). */
class LockCheckedExtendedContractTest extends LockCheckedContractTest {
  @Override
  protected SessionOptions.Mode mode() {
    return SessionOptions.Mode.EXTENDED;
  }
}
