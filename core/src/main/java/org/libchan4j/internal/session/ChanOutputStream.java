package org.libchan4j.internal.session;

import java.io.IOException;
import java.io.OutputStream;
import org.libchan4j.ChanException;
import org.libchan4j.internal.engine.Chan;

/** Internal: writes into this side's direction of a bound stream, in frames of at most {@link #CHUNK} bytes. */
final class ChanOutputStream extends OutputStream implements ByteQueue.Sink {
  static final int CHUNK = 64 * 1024;

  private final SessionImpl session;
  private final Chan chan;
  private volatile boolean closed;

  ChanOutputStream(SessionImpl session, Chan chan) {
    this.session = session;
    this.chan = chan;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("byte stream output is closed");
    try {
      for (int done = 0; done < len; ) {
        int n = Math.min(CHUNK, len - done);
        session.sendBytes(chan, b, off + done, n);
        done += n;
      }
    } catch (ChanException e) {
      throw new IOException("cannot write to the byte stream: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    session.end(chan);
  }

  @Override
  public void end() {
    close();
  }
}
