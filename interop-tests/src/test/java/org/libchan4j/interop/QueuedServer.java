package org.libchan4j.interop;

import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Session;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/** The Java server on 127.0.0.1, any free port, handing each session it opens to the test in arrival order. */
final class QueuedServer implements AutoCloseable {
  private final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
  private final ChanServer server;

  QueuedServer() {
    server = ChanServer.builder(ChanEndpoint.builder((session, handshake) -> sessions.add(session)).build())
        .build()
        .start();
  }

  URI uri() {
    return server.uri();
  }

  /** The next session a client opened; fails with {@code peer}'s output if none comes. */
  Session next(NodePeer peer) throws InterruptedException {
    Session s = sessions.poll(NodePeer.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (s == null) throw new AssertionError("no client connected" + peer.report());
    return s;
  }

  /** Closes sessions a test left behind. */
  void clear() {
    for (Session s; (s = sessions.poll()) != null; ) s.close();
  }

  @Override
  public void close() {
    server.close();
  }
}
