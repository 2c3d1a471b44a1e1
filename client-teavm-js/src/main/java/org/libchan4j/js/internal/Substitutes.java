package org.libchan4j.js.internal;

import org.teavm.jso.JSBody;

/**
 * Internal: what the browser build's class transformers ({@code src/build/java}) call instead of class-library code
 * the page never needs, so that TeaVM leaves that code out.
 */
public final class Substitutes {
  private Substitutes() {}

  /**
   * The msgpack reader's uint64 read as the signed {@code v} ({@code Uint64Transformer}): a Long up to 2^63-1, a
   * Double above, instead of a BigInteger (about 7 KB of minified output). A page reads every number as a double.
   */
  public static Object uint64(long v) {
    if (v >= 0) return v;
    return (double) (v >>> 1) * 2 + (v & 1);
  }

  /**
   * A bin map key as a value that compares by content ({@code SubstitutesTransformer}, instead of
   * {@code ByteBuffer.wrap}): a String of one char per byte.
   */
  public static Object binKey(byte[] bytes) {
    char[] chars = new char[bytes.length];
    for (int i = 0; i < bytes.length; i++) chars[i] = (char) (bytes[i] & 0xFF);
    return new String(chars);
  }

  /** {@code s.replace(target, replacement)} ({@code SubstitutesTransformer}), in JavaScript. */
  public static String replace(String s, CharSequence target, CharSequence replacement) {
    return replaceAll(s, target.toString(), replacement.toString());
  }

  @JSBody(params = {"s", "a", "b"}, script = "return s.split(a).join(b);")
  private static native String replaceAll(String s, String a, String b);
}
