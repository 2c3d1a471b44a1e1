package org.libchan4j.js.internal;

/**
 * Internal: the browser build's uint64 decoding (see {@code Uint64Transformer}): a Long up to 2^63-1, a Double above,
 * so that TeaVM leaves out BigInteger (about 7 KB of minified output). A page reads every number as a double anyway.
 */
public final class Uint64 {
  private Uint64() {}

  /** The uint64 read as the signed {@code v}. */
  public static Object of(long v) {
    if (v >= 0) return v;
    return (double) (v >>> 1) * 2 + (v & 1);
  }
}
