package org.libchan4j.socket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A blocking {@link SocketChannel} (TCP or Unix domain) as a {@link Conduit}. Reads and writes go straight to the
 * channel (not through {@code Channels.newInputStream}), so one thread can read while another writes.
 */
public final class ChannelConduit implements Conduit {
  private final SocketChannel channel;
  private final String remote;
  private final InputStream in = new In();
  private final OutputStream out = new Out();

  public ChannelConduit(SocketChannel channel) throws IOException {
    this.channel = channel;
    channel.configureBlocking(true);
    Object address = channel.getRemoteAddress();
    this.remote = address == null ? "unix socket" : address.toString();
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
    channel.shutdownOutput();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  @Override
  public String describe() {
    return remote;
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) return 0;
      return channel.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) channel.write(buf);
    }
  }
}
