package org.libchan4j.socket.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.libchan4j.socket.SocketOptions;

/** Connects a {@link StreamTransport} to a listening address (TCP, TLS or Unix domain). */
public final class Dialer {
  private Dialer() {}

  /** A connected transport, not yet started; TLS has completed its handshake. */
  public static StreamTransport connect(SocketAddress address, SocketOptions options) throws IOException {
    return connect(address, options, options.connectTimeout());
  }

  /** As {@link #connect(SocketAddress, SocketOptions)} within another timeout (reconnects use a shorter one). */
  public static StreamTransport connect(SocketAddress address, SocketOptions options, Duration connectTimeout)
      throws IOException {
    return Connections.transport(conduit(address, options, (int) connectTimeout.toMillis()), options);
  }

  private static Conduit conduit(SocketAddress address, SocketOptions options, int timeout) throws IOException {
    if (Tls.isUnix(address, options)) {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        ch.connect(address);
        return new ChannelConduit(ch);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    if (options.sslContext() != null) {
      Socket socket = new Socket();
      try {
        socket.setTcpNoDelay(true);
        socket.connect(inet, timeout);
        SSLSocket tls = (SSLSocket) options.sslContext().getSocketFactory()
            .createSocket(socket, inet.getHostString(), inet.getPort(), true);
        Tls.identifyServer(tls);
        Tls.handshake(tls, timeout);
        return new SslConduit(tls);
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }
    SocketChannel ch = SocketChannel.open();
    try {
      ch.socket().setTcpNoDelay(true);
      ch.socket().connect(inet, timeout);
      return new ChannelConduit(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }
}
