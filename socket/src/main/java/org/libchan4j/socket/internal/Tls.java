package org.libchan4j.socket.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.libchan4j.socket.SocketOptions;

/** Checks on addresses and TLS settings shared by dialing and listening. */
final class Tls {
  private Tls() {}

  /** The address as a TCP address; Unix domain addresses are refused with TLS, other kinds always. */
  static boolean isUnix(SocketAddress address, SocketOptions options) {
    if (address instanceof UnixDomainSocketAddress) {
      if (options.sslContext() != null) {
        throw new IllegalArgumentException("TLS is for TCP addresses, not Unix domain sockets: " + address);
      }
      return true;
    }
    if (address instanceof InetSocketAddress) return false;
    throw new IllegalArgumentException("an InetSocketAddress or a UnixDomainSocketAddress is needed: " + address);
  }

  /** Completes a server or client handshake within the connect timeout. */
  static void handshake(SSLSocket socket, SocketOptions options) throws IOException {
    handshake(socket, (int) options.connectTimeout().toMillis());
  }

  /** Completes a handshake within {@code timeoutMillis}. */
  static void handshake(SSLSocket socket, int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    socket.startHandshake();
    socket.setSoTimeout(0);
  }

  /** A dialer verifies the server's certificate against the host it dialed. */
  static void identifyServer(SSLSocket socket) {
    SSLParameters params = socket.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(params);
  }
}
