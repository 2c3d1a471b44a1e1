package org.libchan4j.socket;

import java.io.IOException;
import java.net.SocketAddress;
import org.libchan4j.CloseCodes;
import org.libchan4j.Session;
import org.libchan4j.internal.session.Reconnector;
import org.libchan4j.internal.session.SessionImpl;
import org.libchan4j.socket.internal.Dialer;
import org.libchan4j.socket.internal.SocketServer;
import org.libchan4j.socket.internal.StreamTransport;

/**
 * Sessions over raw byte streams, in the spirit of netchan's {@code Listen} and {@code Dial}: TCP
 * ({@link java.net.InetSocketAddress}), TLS over TCP (options with an {@link javax.net.ssl.SSLContext}) and Unix
 * domain sockets ({@link java.net.UnixDomainSocketAddress}). The frames are those of every other libchan4j transport,
 * each preceded by its 4-byte big-endian length: jschan's {@code streamSession} with its default header mode
 * (PROTOCOL.md section 2.2).
 *
 * <pre>{@code
 * ChanListener listener = ChanSockets.listen(new InetSocketAddress("127.0.0.1", 0), session -> {
 *   for (Request r : session.accept(Request.class)) { r.status().send(new Status(0)); r.status().close(); }
 * });
 * Session session = ChanSockets.dial(listener.address());
 * }</pre>
 *
 * <p><b>Mode.</b> There is no handshake: both ends use {@link SocketOptions#mode()} (compat by default).
 *
 * <p><b>Resumption.</b> In the extended mode (with {@link SocketOptions#resumeWindow()}, 30 s by default) a dropped
 * connection suspends the session: the dialed session connects to the same address again, with backoff, and its
 * first frame on the new connection asks the listener to resume it (PROTOCOL.md section 14.6). Channels stay open
 * and nothing is lost, duplicated or reordered. The listener's handler runs once per session, not per connection.
 *
 * <p><b>Closing.</b> A close code and reason travel in a close record, so the peer's session ends with the same
 * code as over WebSocket; a peer that just ends the connection (jschan) ends the session with 1005, an orderly
 * close in compat mode; a connection lost mid-record ends it with 1006, and so does, in the extended mode, any end
 * without a close record (a drop: the session is suspended when resumable).
 *
 * <p><b>Threads.</b> Each connection has a reader and a writer thread ({@code libchan4j-socket-N-reader/-writer})
 * until it has closed; sending only queues. A listener adds an acceptor thread and a handler
 * thread per session while its handler runs.
 */
public final class ChanSockets {
  private ChanSockets() {}

  /** Listens on {@code address} with {@link SocketOptions#defaults()}: plain, compat mode. */
  public static ChanListener listen(SocketAddress address, SocketHandler handler) throws IOException {
    return listen(address, SocketOptions.defaults(), handler);
  }

  /**
   * Binds {@code address} (port 0: any free port; a Unix domain path must not exist yet) and accepts connections:
   * each becomes a {@link Session.Role#SERVER} session passed to {@code handler} on its own thread.
   *
   * @throws IOException when the address cannot be bound
   */
  public static ChanListener listen(SocketAddress address, SocketOptions options, SocketHandler handler)
      throws IOException {
    return SocketServer.start(address, options, handler);
  }

  /** Dials {@code address} with {@link SocketOptions#defaults()}: plain, compat mode. */
  public static Session dial(SocketAddress address) throws IOException {
    return dial(address, SocketOptions.defaults());
  }

  /**
   * Connects to {@code address} (and completes the TLS handshake) within {@link SocketOptions#connectTimeout()},
   * then opens a {@link Session.Role#CLIENT} session over the connection.
   *
   * @throws IOException when the connection or the handshake fails ({@code ConnectException},
   *     {@code SocketTimeoutException}, {@code SSLHandshakeException}...)
   */
  public static Session dial(SocketAddress address, SocketOptions options) throws IOException {
    StreamTransport transport = Dialer.connect(address, options);
    if (!options.resumable()) return Session.open(transport, options.sessionOptions(Session.Role.CLIENT));
    Reconnector reconnector = new Reconnector(address.toString(), options.reconnectInitial(),
        options.reconnectMax(), options.connectTimeout(), timeout -> Dialer.connect(address, options, timeout));
    try {
      return SessionImpl.open(transport, options.sessionOptions(Session.Role.CLIENT), reconnector);
    } catch (RuntimeException e) {
      transport.close(CloseCodes.INTERNAL_ERROR, "session could not open");
      throw e;
    }
  }
}
