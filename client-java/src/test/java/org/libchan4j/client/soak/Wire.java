package org.libchan4j.client.soak;

import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/** What the soak's clients and server exchange. Every {@link Num} carries its number on its channel. */
public final class Wire {
  private Wire() {}

  /** The scenarios a round can run; the fields of {@link Round} each one uses are listed. */
  public enum Kind {
    /** A request with a fresh return channel ({@code reply}); the server answers {@code count} messages and ends it. */
    REQUEST,
    /** A one-way stream from the server on {@code reply}, paced by the client's reading (flow control). */
    DOWNLOAD,
    /** A one-way stream from the client on {@code upstream}, paced by the server's reading; acked on {@code reply}. */
    UPLOAD,
    /** {@code count} messages on {@code inner}, each carrying a fresh channel with 3 messages of its own. */
    NESTED,
    /** {@code count} bytes on {@code bytes} from a generator seeded with {@code seq}; acked on {@code reply}. */
    BYTES,
    /** {@code count} messages on each of {@code reply} and {@code other}, taken by a client-side select. */
    SELECT
  }

  /** One round of one scenario, sent on a session's single top-level channel; {@code seq} numbers the rounds. */
  public record Round(long seq, Kind kind, int count, Sender<Num> reply, Sender<Num> other, Receiver<Num> upstream,
      ByteStream bytes, Sender<Inner> inner) {

    static Round of(long seq, Kind kind, int count) {
      return new Round(seq, kind, count, null, null, null, null, null);
    }

    Round reply(Sender<Num> reply) {
      return new Round(seq, kind, count, reply, other, upstream, bytes, inner);
    }

    Round other(Sender<Num> other) {
      return new Round(seq, kind, count, reply, other, upstream, bytes, inner);
    }

    Round upstream(Receiver<Num> upstream) {
      return new Round(seq, kind, count, reply, other, upstream, bytes, inner);
    }

    Round bytes(ByteStream bytes) {
      return new Round(seq, kind, count, reply, other, upstream, bytes, inner);
    }

    Round inner(Sender<Inner> inner) {
      return new Round(seq, kind, count, reply, other, upstream, bytes, inner);
    }
  }

  /** A numbered message. */
  public record Num(long n) {}

  /** A numbered message carrying a channel of its own. */
  public record Inner(long n, Receiver<Num> values) {}
}
