package org.libchan4j.server.internal;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.libchan4j.websocket.internal.FrameHeader;
import org.libchan4j.websocket.internal.Masking;

/**
 * Internal: rewrites one upgraded connection's input, as it arrives, into the same WebSocket frames unmasked: each
 * header loses its MASK bit and masking key, each payload is unmasked, in one pass over the bytes. Tyrus then reads
 * unmasked frames and skips its own unmasking, which XORs byte by byte through volatile fields (about 8 ns a byte
 * here: 95% of the server's samples while a byte stream ran at 111 MB/s).
 *
 * <p>RFC 6455 section 5.1 has the server close on an unmasked client frame, which Tyrus 2.2 does not check: at the
 * first unmasked header the rewriting stops, {@link #refusedUnmasked} turns true and the frames before it are all the
 * read gives (the caller fails the connection with 1002). Headers and payloads may be split across reads anywhere:
 * a partial header is held until it is whole, and a payload is unmasked from where the last read
 * stopped. Not thread-safe: a connection's reads run one at a time.
 */
final class Unmasker {
  private final byte[] header = new byte[14];
  private int headerLength;
  /** Payload bytes of the current frame still to come. */
  private long payloadLeft;
  private final byte[] key = new byte[4];
  /** Payload bytes of the current frame already unmasked: where in the key the next byte starts. */
  private long keyOffset;
  private boolean refusedUnmasked;

  /** A client frame arrived unmasked: nothing from its header on was passed on, nor will be. */
  boolean refusedUnmasked() {
    return refusedUnmasked;
  }

  /** The rewritten bytes of {@code in}, which is consumed. */
  Buffer rewrite(Buffer in, MemoryManager<?> memory) {
    int n = in.remaining();
    byte[] src;
    int from;
    if (in.hasArray()) {
      src = in.array();
      from = in.arrayOffset() + in.position();
    } else {
      src = new byte[n];
      in.get(src);
      from = 0;
    }
    byte[] out = new byte[n + headerLength]; // a header held from the last read may come out now
    int o = 0;
    int i = from;
    int end = from + n;
    while (i < end && !refusedUnmasked) {
      if (payloadLeft > 0) {
        int take = (int) Math.min(payloadLeft, end - i);
        Masking.apply(src, i, out, o, take, key, keyOffset);
        i += take;
        o += take;
        payloadLeft -= take;
        keyOffset += take;
        continue;
      }
      header[headerLength++] = src[i++];
      if (headerLength < 2) continue;
      if (headerLength < FrameHeader.size(header[1])) continue;
      int lengthBytes = FrameHeader.lengthBytes(header[1]);
      long length = FrameHeader.payloadLength(header);
      if (!FrameHeader.masked(header[1])) {
        refusedUnmasked = true;
        break;
      }
      out[o++] = header[0];
      out[o++] = (byte) (header[1] & 0x7F);
      System.arraycopy(header, 2, out, o, lengthBytes);
      o += lengthBytes;
      System.arraycopy(header, 2 + lengthBytes, key, 0, 4);
      // A length above 2^63 reads as negative: passed on for Tyrus (and FrameGuard before it) to refuse.
      payloadLeft = length < 0 ? Long.MAX_VALUE : length;
      keyOffset = 0;
      headerLength = 0;
    }
    return Buffers.wrap(memory, out, 0, o);
  }
}
