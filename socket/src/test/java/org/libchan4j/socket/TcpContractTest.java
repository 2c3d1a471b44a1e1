package org.libchan4j.socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The transport contract over plain TCP on 127.0.0.1 (compat mode, jschan's streamSession framing). */
class TcpContractTest extends SocketContractTest {
  @Override
  protected SocketAddress listenAddress() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Override
  protected SocketOptions.Builder socketOptions(boolean server) {
    return SocketOptions.builder();
  }
}
