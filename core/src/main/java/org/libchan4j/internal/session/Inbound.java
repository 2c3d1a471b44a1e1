package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.util.function.Supplier;
import org.libchan4j.internal.engine.Chan;

/** Internal: a received message tree, bound to its Java type when the application takes it. */
final class Inbound implements MessageQueue.Lazy {
  private final SessionImpl session;
  private final Object tree;
  private final int size;
  private final Supplier<Type> type;
  private final Chan chan;

  Inbound(SessionImpl session, Chan chan, Object tree, int size, Supplier<Type> type) {
    this.session = session;
    this.chan = chan;
    this.tree = tree;
    this.size = size;
    this.type = type;
    session.account().reserve(size);
  }

  @Override
  public Object resolve() {
    return session.bind(tree, type.get());
  }

  @Override
  public void release() {
    session.account().release(size);
    session.ops.consumed(chan, 1);
  }
}
