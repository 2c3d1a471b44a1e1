package org.libchan4j.socket;

import org.libchan4j.Session;

/**
 * Called once for each session a {@link ChanListener} accepts, on a thread of its own
 * ({@code libchan4j-socket-N-handler}), so it may block: a typical handler loops on {@link Session#accept} until the
 * session ends.
 *
 * <p>If it throws, the session is closed with {@link org.libchan4j.CloseCodes#INTERNAL_ERROR} and the exception
 * logged, except a {@link org.libchan4j.SessionClosedException}: the session has ended, the usual way out of a loop on
 * {@code accept}. Returning does not close the session: it stays open until either side closes it.
 */
@FunctionalInterface
public interface SocketHandler {

  void onSession(Session session) throws Exception;
}
