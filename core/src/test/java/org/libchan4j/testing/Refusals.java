package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

/** Checks of the option builders' refusals. */
public final class Refusals {
  private Refusals() {}

  /** {@code setting} throws {@link IllegalArgumentException} with exactly {@code message}. */
  public static void refused(String message, Executable setting) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, setting).getMessage());
  }
}
