package org.libchan4j.socket;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Session;
import org.libchan4j.socket.internal.Dialer;
import org.libchan4j.socket.internal.StreamTransport;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;

/**
 * The transport contract over a socket: each connection gets its own {@link ChanListener} (closed with it), a
 * dialed, unstarted client transport and the listener's server session. Subclasses pick the kind of socket.
 */
abstract class SocketContractTest extends TransportContractTest {

  /** A fresh address to listen on (port 0, or a new Unix domain path). */
  protected abstract SocketAddress listenAddress() throws Exception;

  /** Options for the listener ({@code server}) or the dialer; the mode is set from {@link #mode()}. */
  protected abstract SocketOptions.Builder socketOptions(boolean server) throws Exception;

  @Override
  protected RawConnection connectRaw() throws Exception {
    CompletableFuture<Session> serverSide = new CompletableFuture<>();
    // Without resumption: a resumable listener opens its session only at the client's first frame, and the
    // contract hands out an unstarted client transport with the server session already open.
    ChanListener listener = ChanSockets.listen(listenAddress(),
        socketOptions(true).mode(mode()).resumeWindow(Duration.ZERO).build(), serverSide::complete);
    try {
      StreamTransport client = Dialer.connect(listener.address(),
          socketOptions(false).mode(mode()).resumeWindow(Duration.ZERO).build());
      return new RawConnection(client, serverSide.get(10, TimeUnit.SECONDS), listener);
    } catch (Exception e) {
      listener.close();
      throw e;
    }
  }
}
