package org.libchan4j.socket.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Internal: reading the records of PROTOCOL.md 2.2 from a stream, and discarding them once the connection closes. */
final class RecordInput {
  /** Read and skip in pieces of at most this many bytes. */
  static final int BUFFER = 64 * 1024;

  private static final System.Logger LOG = System.getLogger(RecordInput.class.getName());

  private RecordInput() {}

  /**
   * A frame of {@code length} bytes, allocated as its bytes arrive: a hostile length word alone (up to
   * maxMessageBytes) costs at most {@link #BUFFER} bytes, and a frame at most twice what was received.
   */
  static byte[] readFrame(InputStream in, int length) throws IOException {
    byte[] b = new byte[Math.min(length, BUFFER)];
    int off = 0;
    while (true) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) throw new EOFException("connection ended inside a record");
      off += n;
      if (off == length) return b;
      if (off == b.length) b = java.util.Arrays.copyOf(b, (int) Math.min(length, 2L * b.length));
    }
  }

  /** Fills {@code b}; false if the stream ended before its first byte and {@code eofOk}. */
  static boolean readFully(InputStream in, byte[] b, boolean eofOk) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        if (off == 0 && eofOk) return false;
        throw new EOFException("connection ended inside a record");
      }
      off += n;
    }
    return true;
  }

  /** What a closing connection reads and discards: at most {@code maxBytes} in all (the linger's byte bound). */
  static final class Drain {
    private final long maxBytes;
    private final String name;
    /** Input bytes read since the local close (reader thread only). */
    private long drained;

    Drain(long maxBytes, String name) {
      this.maxBytes = maxBytes;
      this.name = name;
    }

    /**
     * Drops one frame of a closing connection; false once {@code maxBytes} were dropped (the linger is over: the
     * caller closes). Nothing of the frame's size is allocated.
     */
    boolean skip(InputStream in, long length) throws IOException {
      drained += StreamFraming.HEADER;
      while (length > 0) {
        if (drained > maxBytes) break;
        long n = in.skip(Math.min(length, BUFFER));
        if (n <= 0) {
          if (in.read() < 0) throw new EOFException("connection ended inside a record");
          n = 1;
        }
        length -= n;
        drained += n;
      }
      if (drained <= maxBytes) return true;
      LOG.log(System.Logger.Level.DEBUG, "{0}: the peer sent more than {1} bytes after the close", name, maxBytes);
      return false;
    }

    /** Reads until the peer ends its output or {@code maxBytes} were read, so our close record is read; quiet. */
    void discardQuietly(InputStream in) {
      try {
        byte[] scratch = new byte[BUFFER];
        int n;
        while ((n = in.read(scratch)) >= 0) {
          drained += n;
          if (drained > maxBytes) return;
        }
      } catch (IOException ignored) {
        // closed by the writer's timeout
      }
    }
  }
}
