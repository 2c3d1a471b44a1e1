package org.libchan4j.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.libchan4j.BytePipe;
import org.libchan4j.ChanException;
import org.libchan4j.Pipe;
import org.libchan4j.demo.Protocol.Ack;
import org.libchan4j.demo.Protocol.Incoming;
import org.libchan4j.demo.Protocol.Outcome;
import org.libchan4j.demo.Protocol.Share;
import org.libchan4j.demo.Protocol.Upload;

/**
 * File sharing: one upload piped to several receivers as it arrives, never held whole. Each receiver has its own
 * forwarder thread, a queue of at most {@link #LAG} bytes, and its own window of {@link #WINDOW} unacknowledged
 * bytes; the upload advances as fast as the slowest receiver allows, and the uploader in turn keeps at most
 * {@link #WINDOW} bytes beyond the server's last progress report in flight. So the server holds, per transfer,
 * about one window for the uploader plus one lag queue and one window per receiver, whatever the file size.
 */
final class Files {
  /** Bytes a sender may have in flight beyond the last acknowledgement, on both legs. */
  static final int WINDOW = 1 << 20;
  /** Bytes a receiver may fall behind the upload before the upload waits for it. */
  static final int LAG = 2 << 20;
  /** How often, in bytes, the uploader hears about progress (well under WINDOW, so it never stalls). */
  static final int REPORT = 256 << 10;
  /** Sizes and counts travel as msgpack integers, which a jschan peer reads only up to 2^32 - 1. */
  static final long MAX_SIZE = 0xFFFF_FFFFL;
  private static final int CHUNK = 64 << 10;
  private static final System.Logger LOG = System.getLogger(Files.class.getName());

  private final Executor executor;
  private final AtomicLong ids = new AtomicLong();

  Files(Executor executor) {
    this.executor = executor;
  }

  /** Starts a transfer of {@code share} from {@code from}; add receivers, then {@link Transfer#start()}. */
  Transfer open(String from, Share share) {
    if (share.data() == null || share.progress() == null) {
      throw new IllegalArgumentException("a file share needs its data stream and progress channel");
    }

    return new Transfer("f" + ids.incrementAndGet(), from, share);
  }

  /** One upload and its receivers. */
  final class Transfer {
    final String id;
    private final String from;
    private final Share share;
    private final List<Forwarder> forwarders = new ArrayList<>();

    private Transfer(String id, String from, Share share) {
      this.id = id;
      this.from = from;
      this.share = share;
    }

    /** A new receiver: the event to put in its inbox. Call before {@link #start()}. */
    Incoming addReceiver() {
      BytePipe data = BytePipe.create();
      Pipe<Ack> acks = Pipe.buffered(64);
      Pipe<Outcome> outcome = Pipe.buffered(1);
      forwarders.add(new Forwarder(data, acks, outcome));
      return new Incoming(id, from, name(), share.type(), share.size(), data.remote(), acks.sender(),
          outcome.receiver());
    }

    private String name() {
      String n = share.name() == null ? "" : share.name().strip();
      return n.isEmpty() ? "file" : n;
    }

    int receivers() {
      return forwarders.size();
    }

    /**
     * Declines the upload: tells the uploader why, then reads and drops what it had already sent until it ends its
     * stream (closing the stream unread could leave the uploader waiting for room to write, forever).
     */
    void refuse(String error) {
      share.progress().sendAsync(new Upload(0, 0, true, null, error));
      share.progress().close();
      executor.execute(() -> {
        try (InputStream in = share.data().input()) {
          in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | ChanException e) {
          // the uploader went away
        } finally {
          share.data().close();
        }
      });
    }

    /** Runs the upload and every forwarder on the executor. */
    void start() {
      for (Forwarder f : forwarders) executor.execute(f::run);
      executor.execute(this::pump);
    }

    /** Reads the upload and queues each chunk to every receiver; reports progress to the uploader. */
    private void pump() {
      MessageDigest sha = sha256();
      long total = 0;
      long reported = 0;
      String error = null;
      try (InputStream in = share.data().input()) {
        byte[] buf = new byte[CHUNK];
        for (int n; (n = in.read(buf)) != -1; ) {
          if (n == 0) continue;
          if (total + n > share.size()) throw new IOException("more bytes than the announced " + share.size());
          sha.update(buf, 0, n);
          byte[] chunk = Arrays.copyOf(buf, n);
          for (Forwarder f : forwarders) f.queue.put(chunk);
          total += n;
          if (total - reported >= REPORT) {
            reported = total;
            share.progress().sendAsync(new Upload(total, live(), false, null, null));
          }
        }
      } catch (IOException | ChanException e) {
        error = "the upload broke off: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = "the server is shutting down";
      }
      String hex = error == null ? HexFormat.of().formatHex(sha.digest()) : null;
      for (Forwarder f : forwarders) f.queue.end(hex, error);
      share.progress().sendAsync(new Upload(total, live(), true, hex, error));
      share.progress().close();
      share.data().close();
      LOG.log(System.Logger.Level.INFO, "transfer {0} of {1} from {2}: {3} bytes, {4} of {5} receivers still in{6}",
          id, name(), from, total, live(), forwarders.size(), error == null ? "" : " (" + error + ")");
    }

    private int live() {
      int n = 0;
      for (Forwarder f : forwarders) if (!f.failed) n++;
      return n;
    }
  }

  /**
   * Writes the queued chunks to one receiver, within its window of acknowledged bytes. The acks are read as they
   * come (not only when the window is full), so the end of the acks channel, the receiver's cancel, stops the
   * forwarder even while it waits on a write: a reader that stops reading a byte stream does not necessarily tell
   * the writer, whose write could then wait forever for room.
   */
  private static final class Forwarder {
    final ChunkQueue queue = new ChunkQueue(LAG);
    /** Set when this receiver dropped out (cancelled, went away): it no longer counts as a receiver. */
    volatile boolean failed;
    private final BytePipe data;
    private final Pipe<Ack> acks;
    private final Pipe<Outcome> outcome;
    // Guarded by lock: a ReentrantLock, not a monitor, so a writer waiting for its window on a virtual thread parks
    // without pinning its carrier (Java 21-23).
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition windowChanged = lock.newCondition();
    private long acked;
    private boolean cancelled;
    private Thread writer; // while it writes, so a cancel can interrupt a blocked write

    Forwarder(BytePipe data, Pipe<Ack> acks, Pipe<Outcome> outcome) {
      this.data = data;
      this.acks = acks;
      this.outcome = outcome;
    }

    void run() {
      lock.lock();
      try {
        writer = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      watchAcks();
      long sent = 0;
      Outcome result;
      try (OutputStream out = data.local().output()) {
        ChunkQueue.Item item;
        while ((item = queue.take()).chunk() != null) {
          awaitWindow(sent);
          out.write(item.chunk());
          sent += item.chunk().length;
        }
        stopWriting();
        result = new Outcome(item.error() == null, sent, item.sha256(), item.error());
        outcome.sender().send(result); // before the end of the stream, as jschan peers need (PROTOCOL.md 9)
      } catch (Cancelled e) {
        result = new Outcome(false, sent, null, "cancelled by the receiver");
      } catch (IOException | ChanException | InterruptedException e) {
        if (stopWriting()) {
          result = new Outcome(false, sent, null, "cancelled by the receiver");
        } else if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          result = new Outcome(false, sent, null, "the server is shutting down");
        } else {
          result = new Outcome(false, sent, null, "the receiver went away: " + e.getMessage());
        }
      }
      stopWriting();
      if (!result.complete()) failed = true;
      queue.close();
      if (!result.complete()) {
        outcome.sender().sendAsync(result);
        data.local().close();
      }
      outcome.sender().close();
      acks.receiver().close();
    }

    /** Ends the writing phase; true if the receiver cancelled. Clears an interrupt meant for a blocked write. */
    private boolean stopWriting() {
      boolean wasCancelled;
      lock.lock();
      try {
        writer = null;
        wasCancelled = cancelled;
      } finally {
        lock.unlock();
      }
      if (wasCancelled) Thread.interrupted();
      return wasCancelled;
    }

    private void awaitWindow(long sent) throws InterruptedException, Cancelled {
      lock.lock();
      try {
        while (!cancelled && sent - acked >= WINDOW) windowChanged.await();
        if (cancelled) throw new Cancelled();
      } finally {
        lock.unlock();
      }
    }

    /** Reads acks as they come; the end of the channel (or its failure) cancels. */
    private void watchAcks() {
      acks.receiver().receiveAsync().whenComplete((ack, e) -> {
        lock.lock();
        try {
          if (ack != null) {
            acked = Math.max(acked, ack.bytes());
          } else {
            cancelled = true;
            if (writer != null) writer.interrupt();
          }
          windowChanged.signalAll();
        } finally {
          lock.unlock();
        }
        if (ack != null) watchAcks();
      });
    }
  }

  private static final class Cancelled extends Exception {
    Cancelled() {
      super(null, null, false, false);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
