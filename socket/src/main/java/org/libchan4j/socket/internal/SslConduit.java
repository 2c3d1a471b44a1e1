package org.libchan4j.socket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.net.ssl.SSLSocket;

/** A connected {@link SSLSocket} whose handshake has completed, as a {@link Conduit}. */
public final class SslConduit implements Conduit {
  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;

  public SslConduit(SSLSocket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  @Override
  public InputStream input() {
    return in;
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput(); // TLS 1.3: close_notify, reading goes on
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  @Override
  public String describe() {
    return "tls " + socket.getRemoteSocketAddress();
  }
}
