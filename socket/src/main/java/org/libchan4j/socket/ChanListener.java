package org.libchan4j.socket;

import java.net.SocketAddress;

/**
 * A listening socket that opens a server-side session for each connection and hands it to a
 * {@link SocketHandler}. Returned by {@link ChanSockets#listen}; it is accepting when returned.
 *
 * <p><b>Threads.</b> One acceptor thread ({@code libchan4j-socket-accept-N}); per connection a reader and a writer
 * thread for as long as the connection is open, and a handler thread while the handler runs. {@link #close()}
 * releases all of them.
 */
public interface ChanListener extends AutoCloseable {

  /**
   * The bound address: an {@link java.net.InetSocketAddress} with the real port (when port 0 was asked), or the
   * {@link java.net.UnixDomainSocketAddress} given.
   */
  SocketAddress address();

  /**
   * Stops accepting, closes every open session with {@link org.libchan4j.CloseCodes#GOING_AWAY} and waits (up to
   * the close timeout plus a few seconds) for their threads and handlers to end. A Unix domain socket's file is
   * deleted. Idempotent.
   */
  @Override
  void close();
}
