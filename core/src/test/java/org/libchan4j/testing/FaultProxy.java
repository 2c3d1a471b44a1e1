package org.libchan4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 (ephemeral port) in front of a test server that can cut its connections like a network
 * failure: both sockets are reset (no close handshake, bytes in flight lost). For resumption tests.
 */
public final class FaultProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket[]> live = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong forwarded = new AtomicLong();
  private final Semaphore connections = new Semaphore(0);
  private final Thread acceptor;
  private volatile boolean closed;

  public FaultProxy(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The proxy's port on 127.0.0.1. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  /** Bytes forwarded so far, both directions. */
  public long forwardedBytes() {
    return forwarded.get();
  }

  /** Waits until {@code n} more connections have been accepted since the last wait that counted them. */
  public boolean awaitConnections(int n, long timeout, TimeUnit unit) throws InterruptedException {
    return connections.tryAcquire(n, timeout, unit);
  }

  /** Resets every connection open now (both sides see an abrupt close); returns how many. */
  public int cut() {
    int n = 0;
    for (Socket[] pair : live) {
      live.remove(pair);
      reset(pair[0]);
      reset(pair[1]);
      n++;
    }
    return n;
  }

  /**
   * Resets each connection open now with probability {@code fraction} (a random part of them, as a flaky network
   * would); returns how many. For soak runs over many sessions.
   */
  public int cutSome(java.util.Random random, double fraction) {
    int n = 0;
    for (Socket[] pair : live) {
      if (random.nextDouble() >= fraction || !live.remove(pair)) continue;
      reset(pair[0]);
      reset(pair[1]);
      n++;
    }
    return n;
  }

  /** Connections open now. */
  public int open() {
    return live.size();
  }

  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0); // RST instead of FIN: nothing in flight is delivered
      s.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 5000);
      } catch (IOException e) {
        reset(client);
        continue;
      }
      Socket[] pair = {client, upstream};
      live.add(pair);
      accepted.incrementAndGet();
      connections.release();
      pump(client, upstream, pair);
      pump(upstream, client, pair);
    }
  }

  private void pump(Socket from, Socket to, Socket[] pair) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          forwarded.addAndGet(n);
        }
        to.shutdownOutput();
      } catch (IOException e) {
        if (live.remove(pair)) {
          reset(pair[0]);
          reset(pair[1]);
        }
      }
    }, "fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    cut();
  }
}
