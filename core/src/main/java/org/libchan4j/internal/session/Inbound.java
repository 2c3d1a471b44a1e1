package org.libchan4j.internal.session;

import java.lang.reflect.Type;
import java.util.function.Supplier;

/** Internal: a received message tree, bound to its Java type when the application takes it. */
final class Inbound implements MessageQueue.Lazy {
  private final SessionImpl session;
  private final Object tree;
  private final int size;
  private final Supplier<Type> type;

  Inbound(SessionImpl session, Object tree, int size, Supplier<Type> type) {
    this.session = session;
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
  }
}
