package org.libchan4j.internal.topic;

import java.util.List;
import java.util.Map;
import org.libchan4j.EncodingException;
import org.libchan4j.internal.binding.OutRef;
import org.libchan4j.internal.msgpack.MsgpackEncodeException;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackRaw;

/**
 * Internal: one published message, bound and encoded once and shared, never modified, by every subscriber it is
 * queued for: session channels get {@link #wire}, other senders {@link #message}.
 */
public final class Published {
  /** What a sender that is not a session channel gets. */
  final Object message;
  /** What a session channel gets: a map or list as {@link MsgpackRaw}, a scalar as itself (immutable). */
  final Object wire;

  /**
   * @param tree the message's tree ({@code Binder.toTree})
   * @throws IllegalArgumentException if the tree holds a reference (a channel or stream)
   * @throws EncodingException if it has no msgpack form a jschan peer reads (as a session's send would say)
   */
  public Published(Object message, Object tree) {
    String at = refAt(tree);
    if (at != null) {
      throw new IllegalArgumentException("cannot publish " + message.getClass().getName() + ": it carries a channel"
          + " or stream at $" + at + ", which belongs to one session while a topic's message goes to many;"
          + " send such messages to each subscriber instead");
    }
    this.message = message;
    if (tree instanceof Map || tree instanceof List) {
      try {
        this.wire = MsgpackRaw.encode(tree, MsgpackProfile.JSCHAN); // the profile of every session's frames
      } catch (MsgpackEncodeException e) {
        throw new EncodingException(e.getMessage(), e);
      }
    } else {
      this.wire = tree;
    }
  }

  /** Where in {@code v} the first reference is ({@code ""} for {@code v} itself, {@code .a[2]}...), or null. */
  private static String refAt(Object v) {
    if (v instanceof OutRef) return "";
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        String at = refAt(e.getValue());
        if (at != null) return "." + e.getKey() + at;
      }
    } else if (v instanceof List) {
      int i = 0;
      for (Object o : (List<?>) v) {
        String at = refAt(o);
        if (at != null) return "[" + i + "]" + at;
        i++;
      }
    }
    return null;
  }
}
