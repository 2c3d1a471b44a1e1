package org.libchan4j.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault proxy like core's {@code FaultProxy}, for Unix domain sockets as well as TCP: it listens on an address of
 * the target's kind and forwards bytes both ways. {@link #cut} ends every open connection abruptly (TCP: a reset;
 * a Unix socket has none, so both ends just see the connection end, mid-record or not). While {@link #refuse} is
 * on, new connections are accepted and closed at once, like a backend that is not there.
 */
final class ChannelFaultProxy implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final SocketAddress target;
  private final SocketAddress address;
  private final List<SocketChannel[]> live = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean refusing;
  private volatile boolean closed;

  /** @param listen where to listen: {@code 127.0.0.1:0}, or a Unix domain path that does not exist yet */
  ChannelFaultProxy(SocketAddress listen, SocketAddress target) throws IOException {
    this.target = target;
    boolean unix = listen instanceof UnixDomainSocketAddress;
    this.listener = unix ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
    listener.bind(listen, 50);
    this.address = unix ? listen : listener.getLocalAddress();
    Thread t = new Thread(this::acceptLoop, "channel-fault-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  SocketAddress address() {
    return address;
  }

  /** Connections forwarded so far (refused ones not counted). */
  int accepted() {
    return accepted.get();
  }

  void refuse(boolean on) {
    refusing = on;
  }

  /** Ends every connection open now; returns how many. */
  int cut() {
    int n = 0;
    for (SocketChannel[] pair : live) {
      if (live.remove(pair)) {
        kill(pair);
        n++;
      }
    }
    return n;
  }

  private static void kill(SocketChannel[] pair) {
    for (SocketChannel ch : pair) {
      try {
        if (!(ch.getRemoteAddress() instanceof UnixDomainSocketAddress)) {
          ch.setOption(StandardSocketOptions.SO_LINGER, 0); // RST: nothing in flight is delivered
        }
      } catch (IOException ignored) {
        // closing anyway
      }
      try {
        ch.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      SocketChannel upstream = null;
      try {
        if (refusing) throw new IOException("refusing");
        upstream = target instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
            : SocketChannel.open();
        upstream.connect(target);
      } catch (IOException e) {
        kill(upstream == null ? new SocketChannel[] {client} : new SocketChannel[] {client, upstream});
        continue;
      }
      SocketChannel[] pair = {client, upstream};
      live.add(pair);
      accepted.incrementAndGet();
      pump(client, upstream, pair);
      pump(upstream, client, pair);
    }
  }

  private void pump(SocketChannel from, SocketChannel to, SocketChannel[] pair) {
    Thread t = new Thread(() -> {
      ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
      try {
        while (from.read(buf) >= 0) {
          buf.flip();
          while (buf.hasRemaining()) to.write(buf);
          buf.clear();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        if (live.remove(pair)) kill(pair);
      }
    }, "channel-fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cut();
    if (address instanceof UnixDomainSocketAddress) Files.deleteIfExists(((UnixDomainSocketAddress) address).getPath());
  }

  static SocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }
}
