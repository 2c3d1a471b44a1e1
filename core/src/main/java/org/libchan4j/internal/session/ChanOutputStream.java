package org.libchan4j.internal.session;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import org.libchan4j.ChanException;
import org.libchan4j.internal.engine.Chan;

/**
 * Internal: writes into this side's direction of a bound stream, in frames of at most {@link #CHUNK} bytes. In the
 * extended mode a write returns once its bytes fit the peer's window, so a fast writer cannot outrun a slow reader.
 */
final class ChanOutputStream extends OutputStream implements ByteQueue.Sink {
  static final int CHUNK = 64 * 1024;

  private final SessionImpl session;
  private final Chan chan;
  /** Guarded by the session lock. */
  final Completions completions = new Completions();
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
        Futures.await(session.ops.sendBytes(chan, b, off + done, n, completions));
        done += n;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing to a byte stream");
    } catch (ChanException e) {
      throw new IOException("cannot write to the byte stream: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    session.ops.end(chan);
  }

  @Override
  public void end() {
    close();
  }

  /** Ends this direction with an error frame (extended mode; compat mode ends it normally). */
  @Override
  public void fail(int code, String message) {
    if (closed) return;
    closed = true;
    session.ops.fail(chan, code, message);
  }

  /** This side will never write: compat mode sends no END (see {@link SessionImpl#abandonOutput}). */
  void abandon() {
    if (closed) return;
    closed = true;
    session.ops.abandonOutput(chan);
  }

  /** Engine progress for this direction (called under the session lock). */
  void progress(Chan c) {
    completions.progress(session.ops.completed(c), session);
  }

  /** The reader closed this direction, or the session ended (called under the session lock). */
  void cancelled(RuntimeException cause) {
    closed = true;
    completions.fail(cause, session);
  }
}
