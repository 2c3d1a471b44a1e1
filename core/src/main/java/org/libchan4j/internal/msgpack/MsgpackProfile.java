package org.libchan4j.internal.msgpack;

/** Which msgpack encodings a {@link MsgpackWriter} may produce. Decoding always accepts all of msgpack. */
public enum MsgpackProfile {
  /**
   * Full msgpack, byte for byte what msgpack-core's default {@code MessageBufferPacker} produces for the same Java
   * value: smallest integer format (unsigned formats for non-negative values), str8 enabled, fixext when the
   * payload size allows.
   */
  STANDARD,
  /**
   * The subset a jschan peer (msgpack5 1.6.0) decodes correctly. As {@link #STANDARD} except: integers outside
   * -2^31..2^32-1 are refused (msgpack5 throws on int64 and misreads uint64), -32 is written {@code D0 E0} instead
   * of the fixint {@code E0}, maps of more than 65535 entries are refused (map32 is unreadable) and ext types other
   * than 1 (channel reference) and 2 (byte-stream reference) are refused. Refusals are
   * {@link MsgpackEncodeException}s.
   */
  JSCHAN
}
