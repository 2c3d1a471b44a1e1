package org.libchan4j.js.internal;

import org.teavm.jso.JSBody;

/**
 * Internal: JavaScript's number-to-text, which the browser build uses for Java's float and double to text (see
 * {@code NumberTextTransformer}). The text differs from Java's in small ways ({@code 1} instead of {@code 1.0});
 * the engine only prints numbers in error messages.
 */
public final class NumberText {
  private NumberText() {}

  /** Called from the transformed StringBuilder code, whose call sites the JSO processing does not see. */
  public static String format(double d) {
    return text(d);
  }

  @JSBody(params = "d", script = "return String(d);")
  private static native String text(double d);
}
