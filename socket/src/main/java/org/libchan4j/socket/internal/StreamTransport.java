package org.libchan4j.socket.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.CloseCodes;
import org.libchan4j.ProtocolException;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/**
 * A {@link Transport} over a {@link Conduit} in the raw stream framing (PROTOCOL.md section 2.2): each message is
 * a frame record, and a close record carries the close code and reason.
 *
 * <p>Threads: one reader and one writer per connection, both daemon threads named
 * {@code libchan4j-socket-N-reader/-writer}, started by {@link #start} and ended once the transport has closed. The
 * reader delivers every listener event, so the listener is invoked serially. {@link #send} only queues; more than
 * {@code maxBufferedBytes} queued means the peer does not read: the connection is dropped and the session ends with
 * 1008. A length word above {@code maxMessageBytes} ends the session with 1009 at once (and the peer's with a close
 * record) before anything of that size is allocated; below it, a frame's array grows as its bytes arrive.
 *
 * <p>Closing: a local close flushes the queue, writes a close record, ends the output and lingers: it keeps
 * reading (and discarding) until the peer's close record or the end of its output, at most
 * {@code closeTimeoutMillis} and {@code closeDrainBytes}, so that a peer still writing reads the close record
 * instead of a reset (closing with unread input resets the connection). A peer's close record, or the end of its
 * output, closes at once; queued messages are dropped.
 */
public final class StreamTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(StreamTransport.class.getName());
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final int BUFFER = RecordInput.BUFFER;

  private final Conduit conduit;
  private final int maxMessageBytes;
  private final long maxBufferedBytes;
  private final long closeTimeoutMillis;
  private final boolean endIsDrop;
  /** What a closing connection still reads and discards (reader thread only). */
  private final RecordInput.Drain drain;
  private final String name;
  private final CountDownLatch inputDone = new CountDownLatch(1);
  private final CountDownLatch terminated = new CountDownLatch(2);

  private final Object lock = new Object();
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queuedBytes;
  private TransportListener listener;
  /** A local close or failure: the writer sends the close record; frames read afterwards are dropped. */
  private boolean closeRequested;
  private boolean flushBeforeClose;
  private int closeCode;
  private String closeReason;
  private Throwable closeCause;
  /** The peer closed, or the connection failed: the writer stops at once. */
  private boolean stopWriting;
  private Throwable writeFailure;
  /** send found the queue over maxBufferedBytes: the writer drops the connection. */
  private boolean overflowed;
  private boolean overflowClosed;
  private final long highWater;
  private volatile boolean blocked;
  private volatile Runnable onTerminated;

  public StreamTransport(Conduit conduit, int maxMessageBytes, long maxBufferedBytes, long closeTimeoutMillis) {
    this(conduit, maxMessageBytes, maxBufferedBytes, closeTimeoutMillis, Long.MAX_VALUE, false);
  }

  /**
   * @param closeDrainBytes how many input bytes a closing connection reads and discards at most
   * @param endIsDrop the end of the peer's output without a close record is a drop (1006), not an orderly end
   *     (1005): extended mode, where a libchan4j peer always sends the close record, so only a lost connection (a
   *     proxy or a peer that died) ends without it, as a TCP close without a WebSocket close frame
   */
  public StreamTransport(Conduit conduit, int maxMessageBytes, long maxBufferedBytes, long closeTimeoutMillis,
      long closeDrainBytes, boolean endIsDrop) {
    this.endIsDrop = endIsDrop;
    this.conduit = conduit;
    this.name = "libchan4j-socket-" + COUNTER.incrementAndGet();
    this.drain = new RecordInput.Drain(closeDrainBytes, name);
    this.maxMessageBytes = maxMessageBytes;
    this.maxBufferedBytes = maxBufferedBytes;
    this.closeTimeoutMillis = closeTimeoutMillis;
    this.highWater = Math.max(1, Math.min(1 << 20, maxBufferedBytes / 4));
  }

  /** Runs once both threads have ended (the listener was told of the close before). */
  public void onTerminated(Runnable hook) {
    this.onTerminated = hook;
  }

  /** Waits until both threads have ended; false on timeout. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  @Override
  public void start(TransportListener listener) {
    if (listener == null) throw new NullPointerException("listener");
    synchronized (lock) {
      if (this.listener != null) throw new IllegalStateException("transport already started");
      this.listener = listener;
    }
    thread(this::readLoop, name + "-reader").start();
    thread(this::writeLoop, name + "-writer").start();
  }

  private Thread thread(Runnable body, String threadName) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } finally {
        terminated.countDown();
        Runnable hook = onTerminated;
        if (terminated.getCount() == 0 && hook != null) hook.run();
      }
    }, threadName);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void send(byte[] frame) {
    synchronized (lock) {
      if (closeRequested || stopWriting) return;
      if (queuedBytes + frame.length > maxBufferedBytes) {
        // The peer does not read, so no close record could reach it: the next flush drops the connection (never
        // here, under the session's lock) and the reader reports.
        closeRequested = true;
        closeCode = CloseCodes.POLICY_VIOLATION;
        closeReason = "outbound buffer exceeded (maxBufferedBytes " + maxBufferedBytes + "): the peer does not read";
        closeCause = new ProtocolException(CloseCodes.POLICY_VIOLATION, closeReason);
        stopWriting = true;
        overflowed = true;
        queue.clear();
        queuedBytes = 0;
      } else {
        queue.add(frame);
        queuedBytes += frame.length;
        if (queuedBytes > highWater) blocked = true;
      }
      lock.notifyAll();
    }
  }

  @Override
  public boolean isWritable() {
    return !blocked;
  }

  /**
   * The writer thread writes on its own; a flush only finishes an overflow that {@link #send} found: the
   * connection is closed here, outside the session's lock, which also unblocks a writer stuck on a full socket.
   */
  @Override
  public void flush() {
    boolean close;
    synchronized (lock) {
      close = overflowed && !overflowClosed;
      if (close) overflowClosed = true;
    }
    if (close) {
      LOG.log(System.Logger.Level.WARNING, "Closing {0} ({1}): {2}", name, conduit.describe(), closeReason);
      conduit.close();
    }
  }

  @Override
  public void close(int code, String reason) {
    requestClose(code, reason == null ? "" : reason, null, true);
  }

  @Override
  public void abort(int code, String reason) {
    fail(code, reason == null ? "" : reason);
  }

  /** Closes because the peer broke a limit or the framing: queued messages are dropped. */
  private void fail(int code, String reason) {
    LOG.log(System.Logger.Level.WARNING, "Closing {0} ({1}): {2} ({3})", name, conduit.describe(), reason,
        CloseCodes.name(code));
    requestClose(code, reason, new ProtocolException(code, reason), false);
  }

  private void requestClose(int code, String reason, Throwable cause, boolean flush) {
    synchronized (lock) {
      if (closeRequested || stopWriting) return;
      closeRequested = true;
      flushBeforeClose = flush;
      closeCode = code;
      closeReason = reason;
      closeCause = cause;
      if (!flush) {
        queue.clear();
        queuedBytes = 0;
      }
      lock.notifyAll();
    }
  }

  // ------------------------------------------------------------------ writer

  private void writeLoop() {
    OutputStream out = new BufferedOutputStream(conduit.output(), BUFFER);
    byte[] header = new byte[StreamFraming.HEADER];
    try {
      while (true) {
        byte[] next;
        boolean closeNow;
        synchronized (lock) {
          while (queue.isEmpty() && !closeRequested && !stopWriting) lock.wait();
          if (stopWriting) return; // after an overflow, the next flush closes the connection
          next = flushBeforeClose || !closeRequested ? queue.poll() : null;
          closeNow = next == null;
        }
        if (closeNow) {
          writeClose(out);
          return;
        }
        StreamFraming.putHeader(header, next.length);
        out.write(header);
        out.write(next);
        boolean idle;
        boolean writable = false;
        synchronized (lock) {
          queuedBytes -= next.length;
          idle = queue.isEmpty();
          if (blocked && queuedBytes <= highWater / 2) {
            blocked = false;
            writable = true;
          }
        }
        if (idle) out.flush();
        if (writable) listener.onWritable();
      }
    } catch (IOException | RuntimeException e) {
      synchronized (lock) {
        if (stopWriting) return; // the reader closed the conduit under us
        writeFailure = e;
        stopWriting = true;
      }
      conduit.close(); // the reader's blocked read fails and reports
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      conduit.close();
    }
  }

  /** Writes the close record, ends the output and gives the peer some time to end its own. */
  private void writeClose(OutputStream out) throws IOException, InterruptedException {
    int code;
    String reason;
    synchronized (lock) {
      code = closeCode;
      reason = closeReason;
    }
    out.write(StreamFraming.closeRecord(code, reason));
    out.flush();
    conduit.shutdownOutput();
    if (!inputDone.await(closeTimeoutMillis, TimeUnit.MILLISECONDS)) {
      LOG.log(System.Logger.Level.DEBUG, "{0}: the peer did not end its output within {1} ms", name,
          closeTimeoutMillis);
    }
    conduit.close();
  }

  // ------------------------------------------------------------------ reader

  private void readLoop() {
    InputStream in = new BufferedInputStream(conduit.input(), BUFFER);
    int code = 1005;
    String reason = "";
    Throwable cause = null;
    try {
      byte[] word = new byte[StreamFraming.HEADER];
      while (true) {
        if (!RecordInput.readFully(in, word, true)) { // the peer ended its output at a record boundary
          if (endIsDrop) {
            code = CloseCodes.ABNORMAL;
            reason = "connection ended without a close record";
          }
          break;
        }
        long length = StreamFraming.header(word);
        if (length == 0) {
          StreamFraming.Close close = readClose(in, word);
          code = close.code();
          reason = close.reason();
          break;
        }
        if (length > maxMessageBytes) {
          throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "frame of " + length
              + " bytes exceeds maxMessageBytes (" + maxMessageBytes + ")");
        }
        if (isClosing()) { // closed locally: the session is gone, frames are dropped
          if (!drain.skip(in, length)) break;
          continue;
        }
        byte[] frame = RecordInput.readFrame(in, (int) length);
        listener.onMessage(frame);
      }
    } catch (ProtocolException e) {
      // The framing is lost: tell the session now, send the close record, and read nothing more but the end.
      fail(e.closeCode(), e.getMessage());
      finish(e.closeCode(), e.getMessage(), e);
      drain.discardQuietly(in);
      conduit.close();
      return;
    } catch (IOException e) {
      code = CloseCodes.ABNORMAL;
      reason = (e instanceof EOFException ? "connection ended inside a record" : "connection lost: " + e);
      cause = e;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, name + ": transport listener failed", e);
      code = CloseCodes.INTERNAL_ERROR;
      reason = "internal error";
      cause = e;
    } catch (Error e) {
      // OutOfMemoryError, a listener's AssertionError...: the session must still hear of the end, or it waits forever
      LOG.log(System.Logger.Level.ERROR, name + ": reader failed", e);
      code = CloseCodes.INTERNAL_ERROR;
      reason = "internal error";
      cause = e;
    }
    finish(code, reason, cause);
    // The peer's output has ended (after our close record, if we sent one) or failed: nothing more goes through.
    conduit.close();
  }

  /** Stops the writer unless it owes a close record, and tells the listener once (a local close takes precedence). */
  private void finish(int code, String reason, Throwable cause) {
    inputDone.countDown();
    synchronized (lock) {
      if (closeRequested) {
        code = closeCode;
        reason = closeReason;
        cause = closeCause;
      } else if (writeFailure != null) {
        code = CloseCodes.ABNORMAL;
        reason = "connection lost while sending: " + writeFailure;
        cause = writeFailure;
      }
      if (!closeRequested) stopWriting = true;
      queue.clear();
      queuedBytes = 0;
      lock.notifyAll();
    }
    try {
      listener.onClosed(code, reason, cause);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, name + ": transport listener failed", e);
    }
  }

  private boolean isClosing() {
    synchronized (lock) {
      return closeRequested;
    }
  }

  private StreamFraming.Close readClose(InputStream in, byte[] word) throws IOException {
    RecordInput.readFully(in, word, false);
    byte[] payload = new byte[StreamFraming.closePayloadLength(StreamFraming.header(word))];
    RecordInput.readFully(in, payload, false);
    return StreamFraming.parseClose(payload);
  }

  @Override
  public String toString() {
    return name + " (" + conduit.describe() + ")";
  }
}
