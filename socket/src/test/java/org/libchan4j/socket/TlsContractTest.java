package org.libchan4j.socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.libchan4j.testing.TestCerts;

/** The transport contract over TLS on 127.0.0.1: a PKCS12 keystore on the listener, a truststore on the dialer. */
class TlsContractTest extends SocketContractTest {
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
}
