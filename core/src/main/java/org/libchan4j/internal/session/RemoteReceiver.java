package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;

/** Internal: a channel this side reads, bound to a session. Messages are bound to {@link #elementType} when taken. */
final class RemoteReceiver<T> extends QueueReceiver<T> implements ChanHandler {
  private final SessionImpl session;
  private final Chan chan;
  private volatile Type elementType = Object.class;

  RemoteReceiver(SessionImpl session, Chan chan) {
    super(new MessageQueue(Long.MAX_VALUE));
    this.session = session;
    this.chan = chan;
  }

  @SuppressWarnings("unchecked")
  <U> RemoteReceiver<U> typed(Type type) {
    this.elementType = type;
    return (RemoteReceiver<U>) this;
  }

  @Override
  public void close() {
    queue.close();
    session.ops.end(chan);
  }

  @Override
  public void onData(Chan c, Object data, int wireBytes) {
    session.defer(queue.offer(new Inbound(session, c, data, wireBytes, () -> elementType)));
  }

  @Override
  public void onEnd(Chan c) {
    session.defer(queue.end());
  }

  @Override
  public void onFailed(Chan c, RuntimeException cause) {
    session.defer(queue.fail(cause));
  }

  @Override
  public String toString() {
    return "Receiver(" + chan + ")";
  }
}
