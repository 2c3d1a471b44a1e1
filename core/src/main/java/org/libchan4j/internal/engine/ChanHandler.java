package org.libchan4j.internal.engine;

/**
 * Internal: receives what the engine delivers for one channel or stream. Called on the engine's owner thread, which
 * holds the session lock: implementations only buffer and must not block or call back into application code.
 */
public interface ChanHandler {

  /**
   * A message on an IN channel (a decoded tree whose references are {@link Chan}s) or a chunk on a stream
   * ({@code byte[]}). {@code wireBytes} is the encoded size of the frame, for buffer accounting.
   */
  void onData(Chan chan, Object data, int wireBytes);

  /** The peer ended its direction. */
  void onEnd(Chan chan);

  /**
   * The session ended before the peer's end, or (extended mode) the peer failed the channel with an error frame
   * ({@link org.libchan4j.ChannelFailedException}): nothing more will be delivered.
   */
  void onFailed(Chan chan, RuntimeException cause);

  /**
   * Writing direction: more of what this side sent may now count as complete ({@link Engine#completed}): credit
   * arrived or frames were transmitted.
   */
  default void onProgress(Chan chan) {}

  /**
   * Writing direction (extended mode): the peer's reader closed it. Queued frames were dropped and this side's END
   * was sent; later sends fail.
   */
  default void onCancelled(Chan chan) {}
}
