package org.libchan4j.socket.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.libchan4j.CloseCodes;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.session.ResumeRegistry;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.socket.ChanListener;
import org.libchan4j.socket.SocketHandler;
import org.libchan4j.socket.SocketOptions;
import org.libchan4j.transport.Transport;

/** The {@link ChanListener} behind {@code ChanSockets.listen}: an acceptor thread and one {@link Connection} each. */
public final class SocketServer implements ChanListener {
  private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
  private static final AtomicInteger COUNTER = new AtomicInteger();
  /** Each connection's set-up and handler. */
  private static final java.util.concurrent.ThreadFactory HANDLERS =
      org.libchan4j.internal.Threads.factory("libchan4j-socket-handler-");
  /** Beyond the close timeout, how long {@link #close()} waits for handlers to return. */
  private static final long HANDLER_GRACE_MILLIS = 5_000;

  private final SocketOptions options;
  private final SocketHandler handler;
  private final ServerSocketChannel channel; // plain TCP and Unix domain
  private final ServerSocket tlsSocket; // TLS
  private final SocketAddress bound;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  /** Extended mode with resumption: the sessions a resume request can name; else null. */
  private final ResumeRegistry registry;
  private final Thread acceptor;
  private volatile boolean closed;

  private SocketServer(SocketAddress address, SocketOptions options, SocketHandler handler) throws IOException {
    this.options = options;
    this.handler = handler;
    // A dialer says hello (or resume) at once; give a silent one what keepalive would (two intervals), else 60 s.
    this.registry = !options.resumable() ? null : new ResumeRegistry(options.limits(),
        options.keepAlive().isZero() ? Duration.ofSeconds(60) : options.keepAlive().multipliedBy(2));
    boolean unix = Tls.isUnix(address, options);
    if (options.sslContext() != null) {
      SSLServerSocket ss = (SSLServerSocket) options.sslContext().getServerSocketFactory().createServerSocket();
      try {
        ss.bind(address, 50);
      } catch (IOException e) {
        ss.close();
        throw e;
      }
      this.tlsSocket = ss;
      this.channel = null;
      this.bound = ss.getLocalSocketAddress();
    } else {
      ServerSocketChannel ch = unix ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
      try {
        ch.bind(address, 50);
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      this.channel = ch;
      this.tlsSocket = null;
      this.bound = unix ? address : ch.getLocalAddress();
    }
    this.acceptor = new Thread(this::acceptLoop, "libchan4j-socket-accept-" + COUNTER.incrementAndGet());
    acceptor.setDaemon(true);
  }

  /** Binds {@code address} and starts accepting. */
  public static SocketServer start(SocketAddress address, SocketOptions options, SocketHandler handler)
      throws IOException {
    SocketServer server = new SocketServer(address, options, handler);
    server.acceptor.start();
    return server;
  }

  @Override
  public SocketAddress address() {
    return bound;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        if (channel != null) {
          SocketChannel ch = channel.accept();
          if (!(bound instanceof UnixDomainSocketAddress)) ch.socket().setTcpNoDelay(true);
          spawn(new Connection(() -> new ChannelConduit(ch), ch::close));
        } else {
          SSLSocket s = (SSLSocket) tlsSocket.accept();
          s.setTcpNoDelay(true);
          spawn(new Connection(() -> {
            Tls.handshake(s, options);
            return new SslConduit(s);
          }, s::close));
        }
      } catch (IOException e) {
        if (!closed) LOG.log(System.Logger.Level.WARNING, "accept on " + bound + " failed", e);
      }
    }
  }

  private void spawn(Connection c) {
    connections.add(c);
    if (closed) c.shutdown();
    c.thread.start();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      if (channel != null) channel.close();
      else tlsSocket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + bound, e);
    }
    long deadline = System.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(options.closeTimeout().toMillis() + HANDLER_GRACE_MILLIS);
    try {
      acceptor.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())));
      if (registry != null) registry.closeAll(CloseCodes.GOING_AWAY, "listener closed"); // suspended ones too
      for (Connection c : connections) c.shutdown();
      for (Connection c : connections) c.await(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (bound instanceof UnixDomainSocketAddress) {
      try {
        Files.deleteIfExists(((UnixDomainSocketAddress) bound).getPath());
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot delete the socket file of " + bound, e);
      }
    }
  }

  /** Resumable sessions open or suspended now (0 without resumption). */
  public int resumableSessions() {
    return registry == null ? 0 : registry.size();
  }

  @Override
  public String toString() {
    return "ChanListener(" + bound + (closed ? ", closed)" : ")");
  }

  /** Opens the conduit (a TLS handshake may take a while), then a server session, then runs the handler. */
  private interface ConduitOpener {
    Conduit open() throws IOException;
  }

  private interface RawCloser {
    void close() throws IOException;
  }

  private final class Connection {
    final Thread thread;
    private final ConduitOpener opener;
    private final RawCloser raw;
    /** Set-up (or handler) finished, transport terminated, and a resumable session's handler: gone at 0. */
    private final AtomicInteger pending = new AtomicInteger(2);
    private Session session; // guarded by this
    private StreamTransport transport; // guarded by this
    private boolean closing; // guarded by this
    private Thread handlerThread; // guarded by this: a resumable session's handler

    Connection(ConduitOpener opener, RawCloser raw) {
      this.opener = opener;
      this.raw = raw;
      // The connection's set-up, then the handler: the user's code, so a virtual thread on Java 21+ (Threads).
      this.thread = HANDLERS.newThread(this::run);
    }

    private void run() {
      StreamTransport t;
      try {
        t = Connections.transport(opener.open(), options);
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.INFO, "connection to " + bound + " failed before its session opened: " + e);
        closeRaw();
        done();
        done();
        return;
      }
      t.onTerminated(this::done);
      synchronized (this) {
        transport = t;
      }
      if (registry != null) {
        // The first frame decides (PROTOCOL.md section 14.6): a hello opens a new session, whose handler then runs
        // on a thread of its own; a resume request resumes a suspended session (no principal here: the token alone).
        try {
          registry.accept(t, null, this::openResumable);
        } finally {
          done();
        }
        return;
      }
      Session s;
      try {
        s = Session.open(t, options.sessionOptions(Session.Role.SERVER));
        synchronized (this) {
          session = s;
          if (closing) s.close(CloseCodes.GOING_AWAY, "listener closed");
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "opening a session on " + bound + " failed", e);
        t.close(CloseCodes.INTERNAL_ERROR, "session could not open");
        done();
        return;
      }
      runHandler(s);
    }

    /** On the connection's reader, at its first frame (a hello): the new session, its handler on its own thread. */
    private SessionImpl openResumable(Transport connection) {
      SessionImpl s = SessionImpl.open(connection, options.sessionOptions(Session.Role.SERVER), (session, why) -> { });
      Thread h = HANDLERS.newThread(() -> runHandler(s));
      pending.incrementAndGet(); // the transport has not terminated: its reader is running this
      synchronized (this) {
        session = s;
        handlerThread = h;
        if (closing) s.close(CloseCodes.GOING_AWAY, "listener closed");
      }
      h.start();
      return s;
    }

    private void runHandler(Session s) {
      try {
        handler.onSession(s);
      } catch (SessionClosedException e) {
        // The usual way out of a handler looping on accept: the session ended.
        LOG.log(System.Logger.Level.DEBUG, "session handler on " + bound + " ended with its session: " + e);
      } catch (Exception e) {
        LOG.log(System.Logger.Level.ERROR, "session handler failed on " + bound, e);
        s.close(CloseCodes.INTERNAL_ERROR, "session handler failed");
      } finally {
        done();
      }
    }

    private void done() {
      if (pending.decrementAndGet() == 0) connections.remove(this);
    }

    private void closeRaw() {
      try {
        raw.close();
      } catch (IOException ignored) {
        // already gone
      }
    }

    void shutdown() {
      Session s;
      StreamTransport t;
      synchronized (this) {
        closing = true;
        s = session;
        t = transport;
      }
      if (s != null) s.close(CloseCodes.GOING_AWAY, "listener closed");
      else if (t != null) t.close(CloseCodes.GOING_AWAY, "listener closed"); // before its first frame, or resumed
      else closeRaw(); // a handshake still running fails at once
    }

    void await(long deadline) throws InterruptedException {
      StreamTransport t;
      Thread h;
      synchronized (this) {
        t = transport;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (t != null && left > 0) t.awaitTermination(left, TimeUnit.MILLISECONDS);
      left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      thread.join(Math.max(1, left));
      synchronized (this) {
        h = handlerThread;
      }
      if (h != null) h.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
  }
}
