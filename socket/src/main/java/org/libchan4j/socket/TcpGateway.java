package org.libchan4j.socket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.socket.internal.HostPort;
import org.libchan4j.socket.internal.Tunnel;

/**
 * The "smart gateway" of libchan's README: ties a byte stream a client sends to a TCP connection to one of an
 * allow-listed set of backends (a database, an SSH server...), with no framing of its own. A browser or JVM
 * client reaches the backend through its session, on any transport (WebSocket, TCP, TLS...).
 *
 * <p><b>Requests</b> (PROTOCOL.md section 15): a message {@code {connect: "host:port", stream: <byte stream>,
 * reply?: <channel the gateway writes>}}, see {@link Request}. The gateway connects to the backend named exactly as
 * in its allow-list, answers {@code {ok: true}} on {@code reply}, then copies bytes both ways until both directions
 * have ended: the client's end of its direction half-closes the TCP connection, and the backend's end of its
 * output ends the stream. A target that is malformed, not allowed, unreachable or too slow fails: the reply
 * carries {@code {error: "...", code: c}} (sent first, as a jschan peer processes nothing after a byte-stream
 * END) and the stream is failed with {@link ByteStream#fail} with the same code and message ({@link #BAD_REQUEST},
 * {@link #DENIED}, {@link #CONNECT_FAILED}, {@link #CONNECT_TIMEOUT}). In the compat mode the stream then just
 * ends, so the reply is the only way to tell the client why.
 *
 * <p><b>Backpressure</b> holds end to end in the extended mode: each direction moves through one 64 KiB buffer,
 * and a write to the stream or to the socket waits while the other side is slow. In the compat mode jschan's
 * framing has no flow control: a backend faster than the client fills the session's outbound queue up to
 * {@code Limits.maxBufferedBytes}, which then closes the session (bounded memory, not backpressure).
 *
 * <p><b>Threads</b>: {@link #serve} uses the calling thread plus one per channel of requests; each tunnel uses two
 * daemon threads ({@code libchan4j-gateway-N-up/-down}) until both directions have ended. {@link #close()} ends
 * every tunnel.
 *
 * <pre>{@code
 * TcpGateway gateway = TcpGateway.allowing("127.0.0.1:5432", "db.internal:5432");
 * ChanSockets.listen(address, options, gateway::serve);             // or from a ChanEndpoint handler
 * }</pre>
 */
public final class TcpGateway implements AutoCloseable {
  /** The request is not a {@code host:port} target. */
  public static final int BAD_REQUEST = 400;
  /** The target is not in the allow-list. */
  public static final int DENIED = 403;
  /** The backend refused the connection or could not be reached. */
  public static final int CONNECT_FAILED = 502;
  /** The backend did not accept the connection within the connect timeout. */
  public static final int CONNECT_TIMEOUT = 504;

  private static final java.util.concurrent.ThreadFactory REQUESTS =
      org.libchan4j.internal.Threads.factory("libchan4j-gateway-");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Set<HostPort> allowed;
  private final Duration connectTimeout;
  private final Set<Tunnel> tunnels = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private TcpGateway(Set<HostPort> allowed, Duration connectTimeout) {
    this.allowed = allowed;
    this.connectTimeout = connectTimeout;
  }

  /**
   * A gateway to exactly these backends, each {@code "host:port"} ({@code "[::1]:22"} for IPv6). A request must
   * name a target as written here (host names are compared without case); nothing is resolved before it matches.
   */
  public static TcpGateway allowing(String... hostPorts) {
    return allowing(List.of(hostPorts));
  }

  /** As {@link #allowing(String...)}. */
  public static TcpGateway allowing(List<String> hostPorts) {
    List<HostPort> list = new ArrayList<>();
    for (String s : hostPorts) {
      HostPort hp = HostPort.parse(Objects.requireNonNull(s, "hostPort"));
      if (hp == null) throw new IllegalArgumentException("not a host:port: '" + s + "'");
      list.add(hp);
    }
    return new TcpGateway(Set.copyOf(list), Duration.ofSeconds(10));
  }

  /** A copy with another bound on connecting to a backend. Default 10 s. */
  public TcpGateway withConnectTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("connect timeout out of range: " + timeout);
    }
    return new TcpGateway(allowed, timeout);
  }

  /**
   * A request, as a Java client sends it: {@code new Request("db:5432", pipe.remote(), reply.sender())}. Any map
   * with these keys does as well (a browser's plain object).
   */
  public record Request(String connect, ByteStream stream, Sender<Reply> reply) {}

  /** The answer on a request's reply channel: {@code {ok: true}} or {@code {error, code}}. */
  public record Reply(Boolean ok, String error, Integer code) {
    public static Reply success() {
      return new Reply(true, null, null);
    }

    public static Reply failure(int code, String error) {
      return new Reply(null, error, code);
    }
  }

  /**
   * Serves every top-level channel the peer opens on {@code session} as a channel of {@link Request}s, until the
   * session ends; blocks the calling thread meanwhile (a {@link SocketHandler} or {@code SessionHandler} thread).
   */
  public void serve(Session session) throws InterruptedException {
    try {
      while (!closed) {
        Receiver<Request> requests = session.accept(Request.class);
        Thread t = REQUESTS.newThread(() -> serve(requests)); // virtual on Java 21+
        t.setName("libchan4j-gateway-" + THREADS.incrementAndGet() + "-requests");
        t.start();
      }
    } catch (SessionClosedException ended) {
      // the session is over: its tunnels end as their streams fail
    }
  }

  /** Serves the requests of one channel until it ends; blocks the calling thread meanwhile. */
  public void serve(Receiver<Request> requests) {
    try {
      for (Request r : requests) handle(r);
    } catch (SessionClosedException ended) {
      // nothing more will come
    }
  }

  /** Starts one tunnel for {@code request} on its own threads and returns at once. */
  public void handle(Request request) {
    Objects.requireNonNull(request, "request");
    Tunnel tunnel = new Tunnel(request.connect(), request.stream(), request.reply(), allowed, connectTimeout,
        "libchan4j-gateway-" + THREADS.incrementAndGet(), tunnels::remove);
    tunnels.add(tunnel);
    if (closed) tunnel.close();
    tunnel.start();
  }

  /** Ends every tunnel: backend connections are closed, streams end. New requests are refused. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (Tunnel t : tunnels) t.close();
  }

  /** Tunnels still running (for tests and metrics). */
  public int openTunnels() {
    return tunnels.size();
  }
}
