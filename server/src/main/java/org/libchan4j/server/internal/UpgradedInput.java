package org.libchan4j.server.internal;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpServerFilter;

/**
 * Internal: lets an upgraded connection's input skip Grizzly's HTTP codec, so the connection no longer needs the
 * parsed upgrade request, which Grizzly otherwise keeps for the connection's whole life (the request and response
 * packets with their header chunks: about 8 KB of heap per idle WebSocket session, a third of it).
 *
 * <p>Sits just before the codec ({@code org.glassfish.grizzly.http.HttpServerFilter}). Once {@link #upgraded} is
 * called for a connection (after its 101 response was encoded), every read on it is wrapped here as the
 * {@link HttpContent} the filters after the codec expect (FrameGuard, Tyrus's filter), with one shared, never
 * modified request header, and the chain continues after the codec; the codec's per-connection request and
 * keep-alive state are dropped. Tyrus reads only the content of an upgraded connection's messages. Writes still go
 * through the codec, which passes plain buffers through.
 */
public final class UpgradedInput extends BaseFilter {
  private static final Attribute<Boolean> UPGRADED =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(UpgradedInput.class.getName() + ".upgraded");
  /** The codec's connection attributes (public name, and the name its constructor gives the keep-alive one). */
  private static final String[] CODEC_STATE = {
    HttpServerFilter.HTTP_SERVER_REQUEST_ATTR_NAME, "HttpServerFilter.KeepAliveContext"
  };
  /** What the filters after the codec see as the header of every upgraded message: shared, read-only. */
  private static final HttpRequestPacket HEADER = HttpRequestPacket.builder().method("GET").uri("/")
      .protocol("HTTP/1.1").upgrade("websocket").build();

  /**
   * From now on the connection's input bypasses the codec, and the codec forgets the connection's request. Call it
   * on the connection's reading thread, once the upgrade response has been encoded.
   */
  public static void upgraded(Connection<?> connection) {
    UPGRADED.set(connection, Boolean.TRUE);
    AttributeHolder attributes = connection.getAttributes();
    for (String name : CODEC_STATE) attributes.removeAttribute(name);
  }

  /**
   * Tyrus's connection attribute ({@code GrizzlyServerFilter.TYRUS_CONNECTION}, private): present from the
   * handshake until Tyrus has closed the WebSocket.
   */
  private static final String TYRUS_CONNECTION =
      org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.class.getName() + ".Connection";

  /**
   * Whether the connection was upgraded and Tyrus has let go of its WebSocket since: its input then has nowhere to
   * go (with the shared header Tyrus would take it for a new handshake) and is dropped.
   */
  static boolean ended(Connection<?> connection) {
    return isUpgraded(connection) && connection.getAttributes().getAttribute(TYRUS_CONNECTION) == null;
  }

  /** Whether {@link #upgraded} was called for the connection. */
  public static boolean isUpgraded(Connection<?> connection) {
    return UPGRADED.get(connection) != null;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    if (UPGRADED.get(ctx.getConnection()) == null) return ctx.getInvokeAction();
    Object message = ctx.getMessage();
    if (message instanceof Buffer) ctx.setMessage(HttpContent.builder(HEADER).content((Buffer) message).build());
    // The chain goes on with the filter after the next one: the codec is skipped.
    ctx.setFilterIdx(ctx.getFilterIdx() + 1);
    return ctx.getInvokeAction();
  }
}
