package org.libchan4j;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * One end of a duplex byte stream (a file, stdin/stdout, a tunnelled socket). Each direction ends independently:
 * closing {@link #output()} ends what this end writes; {@link #input()} reaches end-of-stream when the other end
 * closes its output.
 *
 * <p>Obtain a connected pair from {@link BytePipe}; putting one end in a message hands it to the peer, and the other
 * end talks to it. A {@code ByteStream} received inside a message is connected to whatever the peer kept.
 *
 * <p><b>Threading.</b> The input and the output may be used by two different threads; each is not meant for
 * concurrent use by several. If the session ends before the peer closed its direction, reads throw
 * {@link java.io.IOException} with the session's failure as cause.
 */
public interface ByteStream extends AutoCloseable {

  /** Bytes from the other end, until it closes its direction. */
  InputStream input();

  /** Bytes to the other end; {@code close()} ends this direction. */
  OutputStream output();

  /** Closes the output and stops reading the input. Idempotent. */
  @Override
  void close();

  /**
   * Like {@link #close()}, but ends this end's output with an error instead of a normal end: the other end reads
   * the bytes written before, then its {@code input()} throws an {@link java.io.IOException} whose cause is a
   * {@link ChannelFailedException} carrying {@code code} and {@code message}. This end stops reading its input.
   *
   * <p>In the extended mode this is an error frame (PROTOCOL.md section 14.4). In the jschan-compatible mode the
   * peer cannot be told (jschan has no error frame): the output is ended normally, so the other end sees a plain
   * end of stream; say why on a channel first, and toward jschan before the end (PROTOCOL.md section 9).
   * Idempotent; a no-op once the output was closed.
   *
   * <p>The default implementation calls {@link #close()}, for implementations that cannot carry an error.
   */
  default void fail(int code, String message) {
    close();
  }
}
