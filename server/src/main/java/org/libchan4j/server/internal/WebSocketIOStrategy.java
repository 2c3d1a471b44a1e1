package org.libchan4j.server.internal;

import java.io.IOException;
import java.util.concurrent.Executor;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.IOEvent;
import org.glassfish.grizzly.IOStrategy;
import org.glassfish.grizzly.strategies.AbstractIOStrategy;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;

/**
 * Internal: which thread runs a connection's I/O events. HTTP, the upgrade handshake included, runs on Grizzly's
 * worker threads as in Tyrus's own container, so that a slow {@code Authenticator} or Origin policy never stalls
 * a selector. Once a connection is a WebSocket ({@link UpgradedInput#isUpgraded}) its events run on the selector
 * thread that saw them, as Grizzly's {@link SameThreadIOStrategy} runs them: a message reaches its session with no
 * thread hand-off, and a reply written from the session's callbacks leaves from the same thread.
 *
 * <p>What then runs on a selector is the library's own decoding and delivery: session handlers run on the
 * endpoint's executor, and application code runs on a transport thread only as continuations it attaches to the
 * futures itself, which must not block ({@link org.libchan4j.Session}'s threading contract).
 *
 * <p>Measured with {@code perf stat} on the bench's request/reply (BENCHMARKS.md): with a blocking handler, this
 * and the client's selector reads took the server from 5.98 to 3.41 context switches per round trip; with a callback
 * handler as well, to 0.62.
 */
public final class WebSocketIOStrategy extends AbstractIOStrategy {
  private static final WebSocketIOStrategy INSTANCE = new WebSocketIOStrategy();

  private WebSocketIOStrategy() {}

  public static WebSocketIOStrategy getInstance() {
    return INSTANCE;
  }

  private static IOStrategy strategyFor(Connection<?> connection) {
    return UpgradedInput.isUpgraded(connection) ? SameThreadIOStrategy.getInstance()
        : WorkerThreadIOStrategy.getInstance();
  }

  @Override
  public boolean executeIoEvent(Connection connection, IOEvent ioEvent, boolean isIoEventEnabled)
      throws IOException {
    return strategyFor(connection).executeIoEvent(connection, ioEvent, isIoEventEnabled);
  }

  @Override
  public Executor getThreadPoolFor(Connection connection, IOEvent ioEvent) {
    return UpgradedInput.isUpgraded(connection) ? null : super.getThreadPoolFor(connection, ioEvent);
  }
}
