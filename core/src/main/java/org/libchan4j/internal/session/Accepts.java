package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.Receiver;
import org.libchan4j.SessionClosedException;
import org.libchan4j.internal.engine.Chan;

/** Internal: the top-level channels the peer opened, waiting for {@code Session.accept}, and their bound. */
final class Accepts {
  private final SessionImpl session;
  private final MessageQueue accepted = new MessageQueue(Long.MAX_VALUE);
  private final int maxOpenChannels;

  Accepts(SessionImpl session, int maxOpenChannels) {
    this.session = session;
    this.maxOpenChannels = maxOpenChannels;
  }

  <T> Receiver<T> accept(Type type) throws InterruptedException {
    return ((RemoteReceiver<?>) accepted.take()).typed(type);
  }

  <T> Receiver<T> accept(Type type, Duration timeout) throws InterruptedException {
    return ((RemoteReceiver<?>) Tickets.await(accepted.takeAsync(), timeout, "no channel was accepted")).typed(type);
  }

  /** Cancel-safe: a future given up before a channel arrived takes none. */
  <T> CompletableFuture<Receiver<T>> acceptAsync(Type type) {
    return new Mapped<>(accepted.takeAsync(), r -> ((RemoteReceiver<?>) r).typed(type));
  }

  /** Under the lock: the peer opened {@code chan}. */
  void opened(Chan chan) {
    // Channels waiting for accept() count even once ended and freed from the id table: otherwise a peer opening and
    // ending channels without end would queue them without bound for an application that does not accept them.
    if (accepted.size() >= maxOpenChannels) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "peer opened more than maxOpenChannels "
          + maxOpenChannels + " channels that were not accepted yet");
    }
    RemoteReceiver<Object> receiver = new RemoteReceiver<>(session, chan);
    chan.setHandler(receiver);
    chan.attachment = receiver;
    session.defer(accepted.offer(receiver));
  }

  /** Under the lock: the session ended; waiting and later accepts fail with {@code cause}. */
  void fail(SessionClosedException cause) {
    session.defer(accepted.fail(cause));
  }
}
