package org.libchan4j.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;
import org.libchan4j.BytePipe;
import org.libchan4j.ChanException;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.demo.Protocol.Ack;
import org.libchan4j.demo.Protocol.Incoming;
import org.libchan4j.demo.Protocol.Outcome;
import org.libchan4j.demo.Protocol.Post;
import org.libchan4j.demo.Protocol.Share;
import org.libchan4j.demo.Protocol.Upload;

/**
 * The client side of file sharing in Java (the terminal client; the page does the same in JavaScript): send a
 * file within the server's progress window, and receive one while acknowledging what was read.
 */
final class Transfers {
  private static final int CHUNK = 64 << 10;

  private Transfers() {}

  /** What a receiver got: the bytes, their SHA-256, and the server's word on the transfer. */
  record Received(long bytes, String sha256, Outcome outcome) {
    /** True when the whole file arrived and matches the uploader's digest. */
    boolean verified() {
      return outcome != null && outcome.complete() && sha256.equals(outcome.sha256());
    }
  }

  /**
   * Shares {@code size} bytes of {@code in} on a member's posts channel, keeping at most {@link Files#WINDOW} bytes
   * beyond the server's last report in flight. Blocks until the server's final report, which it returns.
   *
   * @param progress called with the bytes the server has taken, as reports arrive
   */
  static Upload send(Sender<Post> posts, String name, String type, long size, InputStream in, LongConsumer progress)
      throws IOException, InterruptedException {
    BytePipe data = BytePipe.create();
    Pipe<Upload> reports = Pipe.buffered(64);
    posts.send(new Post(null, new Share(name, type, size, data.remote(), reports.sender())));
    long written = 0;
    long confirmed = 0;
    Upload last = null;
    CompletableFuture<Upload> next = reports.receiver().receiveAsync();
    try (OutputStream out = data.local().output()) {
      byte[] buf = new byte[CHUNK];
      for (int n; (n = in.read(buf)) != -1; ) {
        // Take every report that has arrived; wait for one while the window is full.
        while (next.isDone() || written - confirmed >= Files.WINDOW) {
          Upload u = await(next);
          if (u == null || u.done()) return finish(u, last);
          last = u;
          confirmed = u.bytes();
          progress.accept(confirmed);
          next = reports.receiver().receiveAsync();
        }
        out.write(buf, 0, n);
        written += n;
      }
    } catch (IOException e) {
      if (last != null && last.done()) return last;
      throw e;
    }
    for (Upload u; (u = await(next)) != null; next = reports.receiver().receiveAsync()) {
      last = u;
      progress.accept(u.bytes());
      if (u.done()) break;
    }
    return finish(last, last);
  }

  private static Upload finish(Upload u, Upload last) {
    if (u != null) return u;
    return new Upload(last == null ? 0 : last.bytes(), 0, true, null, "the server ended the transfer");
  }

  /**
   * Reads an incoming file into {@code sink}, acknowledging every {@link Files#REPORT} bytes, then waits for the
   * server's outcome.
   */
  static Received receive(Incoming file, OutputStream sink, LongConsumer progress)
      throws IOException, InterruptedException {
    var sha = Files.sha256();
    long got = 0;
    long acked = 0;
    try (InputStream data = file.data().input()) {
      byte[] buf = new byte[CHUNK];
      for (int n; (n = data.read(buf)) != -1; ) {
        sink.write(buf, 0, n);
        sha.update(buf, 0, n);
        got += n;
        if (got - acked >= Files.REPORT) {
          ack(file, got);
          acked = got;
          progress.accept(got);
        }
      }
    }
    ack(file, got);
    file.acks().close();
    progress.accept(got);
    Outcome outcome = file.outcome().receive();
    return new Received(got, HexFormat.of().formatHex(sha.digest()), outcome);
  }

  /** Acknowledges; once the server has sent everything it may stop listening (and cancel the channel). */
  private static void ack(Incoming file, long bytes) throws InterruptedException {
    try {
      file.acks().send(new Ack(bytes));
    } catch (ChanException e) {
      // the server is done with this transfer already
    }
  }

  private static <T> T await(CompletableFuture<T> f) throws InterruptedException, IOException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IOException("the transfer failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
