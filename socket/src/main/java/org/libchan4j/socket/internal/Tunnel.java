package org.libchan4j.socket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.libchan4j.ByteStream;
import org.libchan4j.ChanException;
import org.libchan4j.Sender;
import org.libchan4j.socket.TcpGateway;
import org.libchan4j.socket.TcpGateway.Reply;

/**
 * One gateway connection: checks and connects on the "up" thread, then copies the client's bytes to the backend
 * there while the "down" thread copies the backend's bytes to the client. Each direction moves through one 64 KiB
 * buffer and blocks while its destination is slow, so nothing piles up here.
 */
public final class Tunnel {
  private static final java.util.concurrent.ThreadFactory COPIES =
      org.libchan4j.internal.Threads.factory("libchan4j-tunnel-");
  private static final System.Logger LOG = System.getLogger(Tunnel.class.getName());
  private static final int BUFFER = 64 * 1024;

  private final String target;
  private final ByteStream stream;
  private final Sender<Reply> reply;
  private final Set<HostPort> allowed;
  private final Duration connectTimeout;
  private final String name;
  private final Consumer<Tunnel> onDone;
  private final Socket socket = new Socket();
  private final AtomicInteger running = new AtomicInteger(2);
  private final AtomicBoolean closed = new AtomicBoolean();

  public Tunnel(String target, ByteStream stream, Sender<Reply> reply, Set<HostPort> allowed, Duration connectTimeout,
      String name, Consumer<Tunnel> onDone) {
    this.target = target;
    this.stream = stream;
    this.reply = reply;
    this.allowed = allowed;
    this.connectTimeout = connectTimeout;
    this.name = name;
    this.onDone = onDone;
  }

  public void start() {
    thread(this::up, name + "-up").start();
  }

  /** Ends the tunnel: the backend connection closes, so both copies stop. */
  public void close() {
    closed.set(true);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /** A copy's thread: virtual on Java 21+ (a blocked copy then costs no platform thread), else a daemon thread. */
  private Thread thread(Runnable body, String threadName) {
    Thread t = COPIES.newThread(() -> {
      try {
        body.run();
      } finally {
        if (running.decrementAndGet() == 0) {
          close();
          onDone.accept(this);
        }
      }
    });
    t.setName(threadName);
    return t;
  }

  private void up() {
    if (stream == null) {
      refuse(TcpGateway.BAD_REQUEST, "bad gateway request: 'stream' must be a byte stream");
      running.decrementAndGet(); // no down thread
      return;
    }
    if (!connect()) {
      running.decrementAndGet();
      return;
    }
    answer(Reply.success());
    thread(this::down, name + "-down").start();
    // Client -> backend; the client's END half-closes the connection.
    byte[] buf = new byte[BUFFER];
    try (InputStream in = stream.input()) {
      OutputStream out = socket.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
      socket.shutdownOutput();
    } catch (IOException e) {
      // The session ended, the client failed the stream, or the backend went away: stop both directions.
      LOG.log(System.Logger.Level.DEBUG, "{0}: client to {1} stopped: {2}", name, target, e);
      close();
    }
  }

  private void down() {
    // Backend -> client; the backend's end of output ends the stream.
    byte[] buf = new byte[BUFFER];
    OutputStream out = stream.output();
    try {
      InputStream in = socket.getInputStream();
      for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
      out.close();
    } catch (IOException e) {
      if (closed.get()) return; // closed here: the finally ends the stream
      LOG.log(System.Logger.Level.DEBUG, "{0}: {1} to client stopped: {2}", name, target, e);
      stream.fail(TcpGateway.CONNECT_FAILED, "connection to " + target + " failed: " + e.getMessage());
      close();
    } finally {
      closeQuietly(out);
    }
  }

  /** Checks the target and connects; on failure answers, fails the stream and returns false. */
  private boolean connect() {
    HostPort hp = HostPort.parse(target);
    if (hp == null) {
      refuse(TcpGateway.BAD_REQUEST, "bad gateway request: connect must be \"host:port\", got "
          + (target == null ? "nothing" : "'" + target + "'"));
      return false;
    }
    if (!allowed.contains(hp)) {
      refuse(TcpGateway.DENIED, "connect to " + hp + " denied: not in the gateway's allow-list");
      return false;
    }
    if (closed.get()) {
      refuse(TcpGateway.CONNECT_FAILED, "connect to " + hp + " failed: the gateway is closed");
      return false;
    }
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(hp.host(), hp.port()), (int) connectTimeout.toMillis());
      return true;
    } catch (SocketTimeoutException e) {
      refuse(TcpGateway.CONNECT_TIMEOUT, "connect to " + hp + " timed out after " + connectTimeout.toMillis() + " ms");
    } catch (IOException e) {
      refuse(TcpGateway.CONNECT_FAILED, "connect to " + hp + " failed: " + e.getMessage());
    }
    close();
    return false;
  }

  /** The reply first (a jschan peer processes nothing after a byte-stream END), then the failed stream. */
  private void refuse(int code, String message) {
    LOG.log(System.Logger.Level.INFO, "{0}: {1}", name, message);
    answer(Reply.failure(code, message));
    if (stream != null) stream.fail(code, message);
  }

  private void answer(Reply r) {
    if (reply == null) return;
    try {
      reply.send(r);
      reply.close();
    } catch (ChanException e) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: cannot answer: {1}", name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException ignored) {
      // the session is gone
    }
  }
}
