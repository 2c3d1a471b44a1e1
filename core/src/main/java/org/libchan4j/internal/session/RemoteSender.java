package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.Sender;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/** Internal: a channel this side writes, bound to a session. */
final class RemoteSender<T> implements Sender<T>, ChanHandler {
  private final SessionImpl session;
  private final Chan chan;
  private volatile Type elementType = Object.class;
  private volatile boolean closed;

  RemoteSender(SessionImpl session, Chan chan) {
    this.session = session;
    this.chan = chan;
  }

  @SuppressWarnings("unchecked")
  <U> RemoteSender<U> typed(Type type) {
    this.elementType = type;
    return (RemoteSender<U>) this;
  }

  @Override
  public void send(T message) {
    Objects.requireNonNull(message, "message");
    session.send(chan, message, elementType);
  }

  @Override
  public CompletableFuture<Void> sendAsync(T message) {
    try {
      send(message);
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    session.end(chan);
  }

  @Override
  public boolean isClosed() {
    return closed || !session.isOpen();
  }

  @Override
  public void onData(Chan c, Object data, int wireBytes) {
    throw new IllegalStateException("the engine delivers nothing to a channel this side writes");
  }

  @Override
  public void onEnd(Chan c) {}

  @Override
  public void onFailed(Chan c, RuntimeException cause) {
    closed = true;
  }

  @Override
  public String toString() {
    return "Sender(" + chan + ")";
  }
}
