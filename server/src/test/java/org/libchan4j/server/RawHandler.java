package org.libchan4j.server;

import org.libchan4j.transport.Transport;

/** Test seam: receives each new connection's raw transport (until Session.open exists to wrap it). */
@FunctionalInterface
public interface RawHandler {
  void onConnection(Transport transport, HandshakeInfo handshake) throws Exception;
}
