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
}
