package org.libchan4j.internal.msgpack;

/**
 * Gives an application object an ext form while {@link MsgpackWriter#write(Object)} encodes. Consulted only for
 * values that are none of the built-in types (null, Boolean, numbers, String, byte[], List, Object[], Map,
 * MsgpackExt). The returned ext is subject to the writer's profile like any other.
 */
public interface ExtEncoder {
  /** The ext form of {@code value}, or null if this encoder does not handle it. */
  MsgpackExt encode(Object value);
}
