package org.libchan4j.client.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.libchan4j.websocket.internal.FrameHeader;

/**
 * Internal: follows a client connection's input frame by frame (RFC 6455 section 5.2) and takes out the frames that
 * are whole binary messages (FIN, opcode 2, no RSV bits, unmasked as a server's are, at most {@code maxMessageBytes})
 * to deliver them itself: one copy from the read buffer into the message, where Tyrus's read path made a frame
 * object, two copies, a handler-map copy and a lock per message. Everything else goes to Tyrus as it came, header and
 * payload, in stream order: control frames (ping, pong, close), text, fragmented messages and their continuations
 * (and any frame while a fragmented message is open, so Tyrus sees the protocol errors it checks), oversized and
 * malformed frames. Tyrus therefore always sees whole frames of its own. Reads may split headers and payloads
 * anywhere. Not thread-safe: a connection's reads run one at a time.
 */
final class InboundFrames {
  /** Where the frames go. */
  interface Sink {
    /** A whole binary message, the array handed over. */
    void message(byte[] payload);

    /** Bytes of a frame Tyrus reads (read them before returning: the buffer is reused). */
    void tyrus(ByteBuffer bytes);
  }

  private final int maxMessageBytes;
  private final byte[] header = new byte[14];
  private int headerLength;
  /** Payload bytes of the current frame still to come; the frame is ours if {@link #payload} is not null. */
  private long left;
  private byte[] payload;
  private int filled;
  /** Tyrus is reading a fragmented message: every frame is Tyrus's until its final continuation. */
  private boolean fragmented;

  InboundFrames(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Consumes {@code in}, a read's bytes, handing what it holds to {@code sink}. */
  void read(ByteBuffer in, Sink sink) {
    while (in.hasRemaining()) {
      if (left > 0) {
        int take = (int) Math.min(left, in.remaining());
        if (payload != null) {
          in.get(payload, filled, take);
          filled += take;
        } else {
          ByteBuffer slice = in.slice();
          slice.limit(take);
          sink.tyrus(slice);
          in.position(in.position() + take);
        }
        left -= take;
        if (left == 0 && payload != null) deliver(sink);
        continue;
      }
      header[headerLength++] = in.get();
      if (headerLength < 2 || headerLength < FrameHeader.size(header[1])) continue;
      long length = FrameHeader.payloadLength(header);
      boolean ours = !fragmented && header[0] == (byte) 0x82 && !FrameHeader.masked(header[1])
          && length >= 0 && length <= maxMessageBytes;
      if (ours) {
        payload = new byte[(int) length];
        filled = 0;
      } else {
        trackFragments(header[0]);
        sink.tyrus(ByteBuffer.wrap(Arrays.copyOf(header, headerLength)));
      }
      headerLength = 0;
      left = length < 0 ? Long.MAX_VALUE : length; // a length above 2^63: Tyrus refuses it from the header
      if (left == 0 && payload != null) deliver(sink);
    }
  }

  private void trackFragments(byte first) {
    int opcode = first & 0x0F;
    boolean fin = (first & 0x80) != 0;
    if (opcode == 1 || opcode == 2) {
      fragmented = !fin;
    } else if (opcode == 0 && fin) {
      fragmented = false;
    }
  }

  private void deliver(Sink sink) {
    byte[] message = payload;
    payload = null;
    sink.message(message);
  }
}
