package org.libchan4j;

import org.libchan4j.internal.session.PipeByteStream;

/**
 * Two connected {@link ByteStream} ends, like a socket pair. Put {@link #remote()} in a message to give the peer a
 * byte stream, and talk to the peer through {@link #local()}: what one end writes, the other reads.
 *
 * <p>Bytes written before the remote end is sent are buffered and delivered once it is.
 */
public final class BytePipe {
  private final PipeByteStream local;
  private final PipeByteStream remote;

  private BytePipe() {
    PipeByteStream[] ends = PipeByteStream.pair();
    this.local = ends[0];
    this.remote = ends[1];
  }

  public static BytePipe create() {
    return new BytePipe();
  }

  /** The end this side keeps. */
  public ByteStream local() {
    return local;
  }

  /** The end to hand over, usually by putting it in a message. */
  public ByteStream remote() {
    return remote;
  }
}
