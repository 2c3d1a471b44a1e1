package org.libchan4j.server;

/**
 * Decides, before the WebSocket upgrade, whether a connection may open. Runs on the container's I/O thread
 * during the handshake: keep it quick (a token check, a cache lookup), never block on the network.
 *
 * <p>Throwing is treated as {@code AuthResult.reject(500, ...)} and logged.
 */
@FunctionalInterface
public interface Authenticator {

  /** Allows everything; the default. */
  Authenticator ALLOW_ALL = handshake -> AuthResult.allow();

  /** Inspects headers, cookies, query, origin and returns the decision. */
  AuthResult authenticate(HandshakeInfo handshake);
}
