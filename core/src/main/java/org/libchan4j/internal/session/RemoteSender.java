package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.ChannelClosedException;
import org.libchan4j.Sender;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/** Internal: a channel this side writes, bound to a session. */
final class RemoteSender<T> implements Sender<T>, ChanHandler {
  private final SessionImpl session;
  private final Chan chan;
  /** Guarded by the session lock. */
  final Completions completions = new Completions();
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
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
  public void send(T message) throws InterruptedException {
    Futures.await(sendAsync(message));
  }

  @Override
  public CompletableFuture<Void> sendAsync(T message) {
    Objects.requireNonNull(message, "message");
    try {
      return session.ops.send(chan, message, elementType, completions);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    session.ops.end(chan);
    closeFuture.complete(null);
  }

  @Override
  public void fail(int code, String message) {
    closed = true;
    session.ops.fail(chan, code, message);
    closeFuture.complete(null);
  }

  @Override
  public boolean isClosed() {
    return closed || !session.isOpen();
  }

  @Override
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  @Override
  public void onData(Chan c, Object data, int wireBytes) {
    throw new IllegalStateException("the engine delivers nothing to a channel this side writes");
  }

  @Override
  public void onEnd(Chan c) {}

  @Override
  public void onProgress(Chan c) {
    completions.progress(session.ops.completed(c), session);
  }

  @Override
  public void onCancelled(Chan c) {
    closed = true;
    ChannelClosedException cause = new ChannelClosedException("the receiver closed " + c);
    completions.fail(cause, session);
    session.defer(() -> closeFuture.completeExceptionally(cause));
  }

  @Override
  public void onFailed(Chan c, RuntimeException cause) {
    closed = true;
    completions.fail(cause, session);
    session.defer(() -> closeFuture.completeExceptionally(cause));
  }

  @Override
  public String toString() {
    return "Sender(" + chan + ")";
  }
}
