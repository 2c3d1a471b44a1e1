package org.libchan4j.server;

import org.libchan4j.Session;

/**
 * Called once for each session that opens, on the endpoint's executor (never on a container I/O thread), so it
 * may block: a typical handler loops on {@link Session#accept} until the session ends. While it runs it occupies
 * one executor task; size the executor for the number of concurrent sessions (a cached pool, the default, or a
 * virtual-thread executor on Java 21+).
 *
 * <p>If it throws, the session is closed with {@link org.libchan4j.CloseCodes#INTERNAL_ERROR} and the exception
 * logged. Returning does not close the session: it stays open until either side closes it.
 */
@FunctionalInterface
public interface SessionHandler {

  void onSession(Session session, HandshakeInfo handshake) throws Exception;
}
