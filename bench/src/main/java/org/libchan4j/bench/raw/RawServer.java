package org.libchan4j.bench.raw;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.libchan4j.Limits;
import org.libchan4j.bench.ServerMain;
import org.libchan4j.server.internal.FrameGuard;
import org.libchan4j.server.internal.GrizzlyTyrus;

/**
 * Raw WebSocket baseline: the same Grizzly/Tyrus server stack ChanServer runs (GrizzlyTyrus, FrameGuard, worker
 * thread strategy), with an endpoint that does the least each scenario needs. A text message picks the mode
 * ({@code oneway}, {@code echo}, {@code bytes}); binary messages are counted or echoed; the text {@code end} is
 * answered with the count. "The limit of our stack."
 */
public final class RawServer {
  static final String PATH = "/raw";
  static final int MAX_MESSAGE = Limits.defaults().maxMessageBytes();

  private RawServer() {}

  public static void main(String[] args) throws Exception {
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(RawEndpoint.class, PATH).build();
    GrizzlyTyrus server = new GrizzlyTyrus("127.0.0.1", 0, config, null, null, MAX_MESSAGE + 64 * 1024 + 14,
        new FrameGuard(PATH, MAX_MESSAGE, (id, code, reason) -> false, java.time.Duration.ofSeconds(5), 128L << 20));
    server.start();
    ServerMain.serve("ws://127.0.0.1:" + server.port() + PATH, server::stopNow);
  }

  /** One per connection (Tyrus instantiates it). */
  public static final class RawEndpoint extends Endpoint {
    private String mode = "";
    private long count;

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
      ws.setMaxIdleTimeout(-1); // negative: Tyrus re-arms no idle timer per message (0 runs a no-op task per message)
      ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        if (text.equals("end")) {
          send(() -> ws.getBasicRemote().sendText(Long.toString(count)));
        } else {
          mode = text;
          count = 0;
        }
      });
      ws.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) buf -> {
        switch (mode) {
          case "oneway" -> count++;
          case "bytes" -> count += buf.remaining();
          case "echo" -> {
            count++;
            send(() -> ws.getBasicRemote().sendBinary(buf));
          }
          default -> throw new IllegalStateException("binary message before a mode");
        }
      });
    }
  }

  interface IoAction {
    void run() throws IOException;
  }

  static void send(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
