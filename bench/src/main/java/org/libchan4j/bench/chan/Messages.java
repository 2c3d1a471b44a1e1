package org.libchan4j.bench.chan;

import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/**
 * The benchmark protocol's messages. The node scripts speak the same shapes, so a jschan client runs against the
 * libchan4j server unchanged. Each round starts with a {@link Ctl} on a new top-level channel; for oneway, reqrep
 * and nested the next top-level channel carries the round's traffic; the server answers with a {@link Done}.
 */
final class Messages {
  private Messages() {}

  /**
   * {@code op}: oneway, reqrep, nested, bytes (then a second Ctl "total" with the byte count). For oneway and bytes,
   * {@code acks} (optional) gets the running count every {@link #ACK_EVERY_MESSAGES} messages or
   * {@link #ACK_EVERY} bytes: the compat mode has no flow control, so the writer paces itself on them rather than
   * overflow its session's outbound buffer (64 MiB, then close 1008).
   */
  record Ctl(String op, Sender<Done> reply, ByteStream stream, Long total, Sender<Done> acks) {
    static Ctl of(String op, Sender<Done> reply) {
      return new Ctl(op, reply, null, null, null);
    }
  }

  static final long ACK_EVERY = 1 << 20;
  static final long ACK_EVERY_MESSAGES = 1024;

  /** What the server counted in the round (never a bare 0: jschan would read it as END). */
  record Done(long n) {}

  /** reqrep: the payload comes back on {@code reply}, which is then closed. */
  record Req(byte[] p, Sender<byte[]> reply) {}

  /** nested: the server answers on {@code reply} with a channel it writes and closes at once. */
  record Nest(Sender<NestReply> reply) {}

  record NestReply(Receiver<Object> done) {}
}
