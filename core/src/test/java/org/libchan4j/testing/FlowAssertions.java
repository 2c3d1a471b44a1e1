package org.libchan4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.libchan4j.Receiver;

/** Assertions on flow control as seen from both ends of one channel. */
public final class FlowAssertions {
  private FlowAssertions() {}

  /**
   * Unbuffered (capacity 0): each of {@code sends}, the futures of sends of {@code messages} in order, stays
   * incomplete until {@code in} has received its message, and then completes.
   */
  public static void assertUnbuffered(Receiver<?> in, List<CompletableFuture<?>> sends, List<?> messages)
      throws Exception {
    for (int i = 0; i < sends.size(); i++) {
      assertFalse(sends.get(i).isDone(), "send " + i + " is complete while its message sits unread");
      assertEquals(messages.get(i), in.receive());
      sends.get(i).get(20, TimeUnit.SECONDS);
    }
  }
}
