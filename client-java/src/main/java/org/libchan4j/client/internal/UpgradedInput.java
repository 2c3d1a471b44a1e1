package org.libchan4j.client.internal;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;

/**
 * Internal: once a client connection is upgraded, its input skips Grizzly's HTTP client codec, which then forgets
 * the parsed upgrade response it would otherwise keep for the connection's life (the response packet, ~39 header
 * chunks and the read buffer they point into: about 7 KB of heap per session). The client-side twin of the
 * server's {@code UpgradedInput}.
 *
 * <p>Sits just before the codec in one connection's chain. After {@link #upgraded} (called when the read that
 * carried the 101 has been processed), each read is wrapped as the {@link HttpContent} that {@link UpgradeFilter}
 * reads (it uses only the content once the WebSocket is open), with one shared, never modified header, and the
 * chain continues after the codec.
 */
final class UpgradedInput extends BaseFilter {
  /** The codec's connection attributes: the response in process and the queue of requests sent. */
  private static final String[] CODEC_STATE = {"HttpClientFilter.httpResponse", "HttpClientFilter.httpRequest"};
  private static final HttpResponsePacket HEADER = HttpResponsePacket.builder(
      HttpRequestPacket.builder().method("GET").uri("/").protocol("HTTP/1.1").build()).status(101).build();

  private volatile boolean upgraded;

  /** From the next read on, the connection's input bypasses the codec, which forgets the connection's response. */
  void upgraded(Connection<?> connection) {
    AttributeHolder attributes = connection.getAttributes();
    for (String name : CODEC_STATE) attributes.removeAttribute(name);
    upgraded = true;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) {
    if (!upgraded) return ctx.getInvokeAction();
    Object message = ctx.getMessage();
    if (message instanceof Buffer) ctx.setMessage(HttpContent.builder(HEADER).content((Buffer) message).build());
    ctx.setFilterIdx(ctx.getFilterIdx() + 1); // the chain goes on after the codec
    return ctx.getInvokeAction();
  }
}
