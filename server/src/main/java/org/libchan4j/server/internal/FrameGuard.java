package org.libchan4j.server.internal;

import java.io.IOException;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;

/**
 * Refuses an oversized WebSocket frame as soon as its header arrives. Without it Tyrus buffers the frame up to its
 * incoming buffer size and then closes with 1011 "Buffer overflow."; with it the session closes with 1009 and a
 * reason naming the limit, and nothing of the frame is buffered.
 *
 * <p>Sits just before Tyrus's filter. It tags each upgrade request to the endpoint path with a connection id header
 * (overwriting any the client sent), which the endpoint maps to its transport; after the upgrade it follows frame
 * boundaries and, on a data frame longer than the limit, asks the endpoint to close that session (or closes the
 * connection if it has none yet) and drops the rest of the input.
 */
public final class FrameGuard extends BaseFilter {
  /** The request header carrying the connection id to the endpoint (stripped from what applications see). */
  public static final String CONNECTION_HEADER = "X-Libchan4j-Connection";

  private final Attribute<State> state =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(FrameGuard.class.getName() + ".state");
  private final String path;
  private final long maxPayload;
  private final BiPredicate<String, String> tooBig;

  /**
   * @param tooBig closes the session with this connection id and reason; false if there is no such session
   */
  public FrameGuard(String path, long maxPayload, BiPredicate<String, String> tooBig) {
    this.path = path;
    this.maxPayload = maxPayload;
    this.tooBig = tooBig;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Object message = ctx.getMessage();
    if (!(message instanceof HttpContent)) return ctx.getInvokeAction();
    HttpContent content = (HttpContent) message;
    Connection<?> connection = ctx.getConnection();
    State s = state.get(connection);
    if (s == null) {
      HttpHeader header = content.getHttpHeader();
      if (header.isRequest() && "websocket".equalsIgnoreCase(header.getUpgrade())
          && path.equals(((HttpRequestPacket) header).getRequestURI())) {
        s = new State(UUID.randomUUID().toString());
        state.set(connection, s);
        header.setHeader(CONNECTION_HEADER, s.id);
      }
      return ctx.getInvokeAction();
    }
    if (s.tripped) {
      content.recycle();
      return ctx.getStopAction();
    }
    long payload = s.scan(content.getContent(), maxPayload);
    if (payload < 0) return ctx.getInvokeAction();
    s.tripped = true;
    content.recycle();
    String reason = "message exceeds maxMessageBytes (" + maxPayload + " bytes): a frame of " + payload + " bytes";
    if (!tooBig.test(s.id, reason)) connection.closeSilently();
    return ctx.getStopAction();
  }

  /** Frame-boundary tracking for one upgraded connection (client frames: always masked, but not assumed). */
  private static final class State {
    final String id;
    final byte[] header = new byte[14];
    int headerLength;
    long skip;
    boolean tripped;

    State(String id) {
      this.id = id;
    }

    /** Returns the payload length of an oversized data frame, or -1 if all is well so far. */
    long scan(Buffer b, long max) {
      int i = b.position();
      int end = b.limit();
      while (i < end) {
        if (skip > 0) {
          long n = Math.min(skip, end - i);
          skip -= n;
          i += (int) n;
          continue;
        }
        header[headerLength++] = b.get(i++);
        if (headerLength < 2) continue;
        int len7 = header[1] & 0x7F;
        int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
        if (headerLength < need) continue;
        long length;
        if (len7 < 126) {
          length = len7;
        } else if (len7 == 126) {
          length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else {
          length = 0;
          for (int k = 2; k < 10; k++) length = (length << 8) | (header[k] & 0xFF);
        }
        int opcode = header[0] & 0x0F;
        if (opcode < 8 && (length < 0 || length > max)) return length < 0 ? Long.MAX_VALUE : length;
        skip = length;
        headerLength = 0;
      }
      return -1;
    }
  }
}
