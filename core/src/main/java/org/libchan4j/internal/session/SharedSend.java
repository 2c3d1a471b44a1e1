package org.libchan4j.internal.session;

import java.util.concurrent.CompletableFuture;
import org.libchan4j.Sender;

/**
 * Internal: the send path of a topic's fan-out. A session channel takes a message bound and encoded once for all
 * its subscribers, with the waiting, credit and cancel-safety of {@link Sender#sendAsync}; the engine still
 * frames it and applies the session's limits.
 */
public final class SharedSend {
  private SharedSend() {}

  /** True for a channel of a session, which can take a shared tree. */
  public static boolean accepts(Sender<?> sender) {
    return sender instanceof RemoteSender;
  }

  /**
   * Sends {@code tree} on a channel {@link #accepts} took.
   *
   * @param tree a tree without references that nobody modifies: a
   *     {@link org.libchan4j.internal.msgpack.MsgpackRaw} or an immutable scalar
   */
  public static CompletableFuture<Void> send(Sender<?> sender, Object tree) {
    return ((RemoteSender<?>) sender).sendTree(tree);
  }
}
