package org.libchan4j.testing;

import org.libchan4j.Session;
import org.libchan4j.transport.Transport;

/**
 * A server-side {@link Session} and the client-side {@link Transport} connected to it, not yet started. Closing
 * releases whatever the transport under test allocated for this connection.
 */
public final class RawConnection implements AutoCloseable {
  private final Transport client;
  private final Session server;
  private final AutoCloseable resources;

  public RawConnection(Transport client, Session server, AutoCloseable resources) {
    this.client = client;
    this.server = server;
    this.resources = resources;
  }

  public Transport client() {
    return client;
  }

  public Session server() {
    return server;
  }

  @Override
  public void close() throws Exception {
    server.close();
    if (resources != null) resources.close();
  }
}
