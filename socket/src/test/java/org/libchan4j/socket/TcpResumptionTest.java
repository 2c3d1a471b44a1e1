package org.libchan4j.socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.libchan4j.testing.FaultProxy;

/** Resumption over plain TCP on 127.0.0.1, through core's {@link FaultProxy} (it forwards raw TCP as it is). */
class TcpResumptionTest extends SocketResumptionTest {
  @Override
  protected SocketAddress listenAddress() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Override
  protected SocketOptions.Builder socketOptions(boolean server) {
    return SocketOptions.builder();
  }

  @Override
  protected Cutter faultProxy(SocketAddress target) throws Exception {
    return viaFaultProxy(this, target);
  }

  /** Core's TCP {@link FaultProxy} in front of {@code target}: resets both sockets on a cut. */
  static Cutter viaFaultProxy(SocketResumptionTest test, SocketAddress target) throws Exception {
    FaultProxy p = new FaultProxy(((InetSocketAddress) target).getPort());
    test.closeLater(p);
    return new Cutter() {
      @Override public SocketAddress address() { return new InetSocketAddress("127.0.0.1", p.port()); }
      @Override public int cut() { return p.cut(); }
      @Override public int accepted() { return p.accepted(); }
      @Override public void close() throws Exception { p.close(); }
    };
  }
}
