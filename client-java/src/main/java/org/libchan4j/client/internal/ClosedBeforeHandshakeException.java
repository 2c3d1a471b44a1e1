package org.libchan4j.client.internal;

import java.io.IOException;
import java.net.URI;

/** The server closed the connection before answering the upgrade request (e.g. a TLS port reached with ws://). */
public final class ClosedBeforeHandshakeException extends IOException {
  public ClosedBeforeHandshakeException(URI uri) {
    super("the server closed the connection to " + uri + " before answering the WebSocket upgrade");
  }
}
