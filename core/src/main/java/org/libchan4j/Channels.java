package org.libchan4j;

import java.util.concurrent.CompletableFuture;
import org.libchan4j.internal.session.Pump;

/** Helpers that work on any {@link Sender} and {@link Receiver}, in memory or remote. */
public final class Channels {
  private Channels() {}

  /**
   * Copies every message of {@code from} into {@code to}, then closes {@code to}; like libchan's {@code Copy}. Holds
   * no thread while waiting. Use it to forward a received channel to another session: the messages, and the
   * channels and byte streams inside them, are re-sent as new references.
   *
   * @return completes with the number of messages copied, or with the failure of either side (if {@code to}
   *     refuses a message, {@code from} is closed)
   */
  public static <T> CompletableFuture<Long> copy(Receiver<T> from, Sender<? super T> to) {
    return Pump.start(from, to);
  }
}
