package org.libchan4j.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.libchan4j.ByteStream;

/** Internal: one end of an in-memory {@link org.libchan4j.BytePipe}. */
public final class PipeByteStream implements ByteStream {
  private final ByteQueue in = new ByteQueue(null);
  private PipeByteStream other;
  private final Out out = new Out();

  private PipeByteStream() {}

  /** Two connected ends. */
  public static PipeByteStream[] pair() {
    PipeByteStream a = new PipeByteStream();
    PipeByteStream b = new PipeByteStream();
    a.other = b;
    b.other = a;
    return new PipeByteStream[] {a, b};
  }

  /** The queue of bytes written by the other end toward this one. */
  ByteQueue inbound() {
    return in;
  }

  /** The queue of bytes this end writes toward the other end. */
  ByteQueue outbound() {
    return other.in;
  }

  @Override
  public InputStream input() {
    return in.input();
  }

  @Override
  public OutputStream output() {
    return out;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // the other side's failure is reported to its reader
    }
    in.close();
  }

  @Override
  public void fail(int code, String message) {
    try {
      out.fail(code, message == null ? "" : message);
    } catch (IOException ignored) {
      // the other side's failure is reported to its reader
    }
    in.close();
  }

  private final class Out extends OutputStream {
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) throw new IOException("byte stream output is closed");
      other.in.append(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      other.in.end();
    }

    void fail(int code, String message) throws IOException {
      if (closed) return;
      closed = true;
      other.in.failWriter(code, message);
    }
  }
}
