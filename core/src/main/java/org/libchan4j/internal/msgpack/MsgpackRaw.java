package org.libchan4j.internal.msgpack;

/**
 * One msgpack value encoded once, which {@link MsgpackWriter} copies verbatim wherever it meets it in a tree: one
 * encoding serves many frames (a topic's fan-out). It holds bytes, never a reference (ext 1 or 2 bound to a
 * session), so any number of sessions may share it. Immutable; thread-safe.
 */
public final class MsgpackRaw {
  private final byte[] bytes;
  private final MsgpackProfile profile;

  private MsgpackRaw(byte[] bytes, MsgpackProfile profile) {
    this.bytes = bytes;
    this.profile = profile;
  }

  /**
   * Encodes {@code value} as {@link MsgpackWriter#write} would under {@code profile}, without an ext encoder.
   *
   * @throws MsgpackEncodeException as {@link MsgpackWriter#write}
   */
  public static MsgpackRaw encode(Object value, MsgpackProfile profile) {
    return new MsgpackRaw(new MsgpackWriter(profile, null).write(value).toByteArray(), profile);
  }

  /** The encoded size in bytes. */
  public int size() {
    return bytes.length;
  }

  /** Not a copy: the writer's only. */
  byte[] bytes() {
    return bytes;
  }

  MsgpackProfile profile() {
    return profile;
  }

  @Override
  public String toString() {
    return "MsgpackRaw{" + Hex.of(bytes, 0, Math.min(bytes.length, 32)) + (bytes.length > 32 ? " ...}" : "}");
  }
}
