package org.libchan4j.internal.msgpack;

import java.util.Arrays;

/**
 * A msgpack ext value: a type code (-128..127) and an opaque payload. What {@link MsgpackReader} produces for ext
 * values when it has no {@link ExtDecoder}, and what {@link MsgpackWriter} writes as fixext 1/2/4/8/16 or ext
 * 8/16/32. Equality and hash code are by type and payload content.
 *
 * <p>The payload array is not copied: whoever constructs an ext hands the array over and must not modify it later,
 * and callers of {@link #data()} must not modify the returned array.
 */
public final class MsgpackExt {
  private final int type;
  private final byte[] data;

  /**
   * @throws IllegalArgumentException if {@code type} is outside -128..127
   * @throws NullPointerException if {@code data} is null
   */
  public MsgpackExt(int type, byte[] data) {
    if (type < -128 || type > 127) {
      throw new IllegalArgumentException("ext type must be in -128..127: " + type);
    }
    if (data == null) throw new NullPointerException("data");
    this.type = type;
    this.data = data;
  }

  /** The ext type code, -128..127 (-1 is msgpack's timestamp). */
  public int type() {
    return type;
  }

  /** The payload, not a copy: do not modify. */
  public byte[] data() {
    return data;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof MsgpackExt)) return false;
    MsgpackExt other = (MsgpackExt) o;
    return type == other.type && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(data);
  }

  /** For example {@code MsgpackExt{type=1, data=01 00 00 00 03}}. */
  @Override
  public String toString() {
    return "MsgpackExt{type=" + type + ", data=" + Hex.of(data, 0, data.length) + "}";
  }
}
