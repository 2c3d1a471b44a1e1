package org.libchan4j.socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.libchan4j.testing.TestCerts;

/** Resumption over TLS on 127.0.0.1 through core's TCP fault proxy: every reconnect is a new TLS handshake. */
class TlsResumptionTest extends SocketResumptionTest {
  @Override
  protected SocketAddress listenAddress() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Override
  protected SocketOptions.Builder socketOptions(boolean server) throws Exception {
    TestCerts certs = TestCerts.shared();
    return server
        ? SocketOptions.builder().tls(certs.keystore, TestCerts.PASSWORD)
        : SocketOptions.builder().trustStore(certs.truststore, TestCerts.PASSWORD);
  }

  @Override
  protected Cutter faultProxy(SocketAddress target) throws Exception {
    return TcpResumptionTest.viaFaultProxy(this, target);
  }
}
