package org.libchan4j.testing;

import org.libchan4j.Session;
import org.libchan4j.transport.Transport;

/**
 * A server-side {@link Session} and the client-side {@link Transport} connected to it, not yet started. Closing
 * releases whatever the transport under test allocated for this connection.
 */
public final class RawConnection implements AutoCloseable {
  private final Transport client;
  private final java.util.concurrent.CompletableFuture<Session> server;
  private final AutoCloseable resources;

  public RawConnection(Transport client, Session server, AutoCloseable resources) {
    this(client, java.util.concurrent.CompletableFuture.completedFuture(server), resources);
  }

  /**
   * For transports whose server opens its session only once the client has spoken (an extended-mode server reads
   * the first frame to tell a new session from a resumed one: PROTOCOL.md 14.6).
   */
  public RawConnection(Transport client, java.util.concurrent.CompletableFuture<Session> server,
      AutoCloseable resources) {
    this.client = client;
    this.server = server;
    this.resources = resources;
  }

  public Transport client() {
    return client;
  }

  /** The server's session; waits (up to 20 s) for it to open. */
  public Session server() {
    try {
      return server.get(20, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the server session did not open", e);
    }
  }

  @Override
  public void close() throws Exception {
    server.thenAccept(Session::close);
    if (resources != null) resources.close();
  }
}
