package org.libchan4j.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client for server tests: records binary messages and the close. */
public final class WsProbe implements WebSocket.Listener {
  public final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  public volatile String closeReason;
  public WebSocket ws;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final boolean read;

  private WsProbe(boolean read) {
    this.read = read;
  }

  public static WsProbe connect(HttpClient client, URI uri, Map<String, String> headers) throws Exception {
    return connect(client, uri, headers, true);
  }

  /** With {@code read == false} the probe never reads: a stalled peer. */
  public static WsProbe connect(HttpClient client, URI uri, Map<String, String> headers, boolean read,
      String... subprotocols) throws Exception {
    WsProbe p = new WsProbe(read);
    WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (subprotocols.length > 0) {
      b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    headers.forEach(b::header);
    p.ws = b.buildAsync(uri, p).get(20, TimeUnit.SECONDS);
    return p;
  }

  public void send(byte[] m) throws Exception {
    ws.sendBinary(ByteBuffer.wrap(m), true).get(20, TimeUnit.SECONDS);
  }

  public byte[] next() throws InterruptedException {
    byte[] m = messages.poll(20, TimeUnit.SECONDS);
    if (m == null) throw new AssertionError("no message within 20 s");
    return m;
  }

  public int awaitClose() throws Exception {
    return closeCode.get(20, TimeUnit.SECONDS);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (read) webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    partial.write(b, 0, b.length);
    if (last) {
      messages.add(partial.toByteArray());
      partial.reset();
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closeCode.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closeCode.completeExceptionally(error);
  }

  /** A listener that does nothing. */
  public static final class Nop implements WebSocket.Listener {}
}
