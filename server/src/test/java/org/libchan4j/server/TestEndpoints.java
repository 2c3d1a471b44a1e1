package org.libchan4j.server;

import java.util.concurrent.CompletableFuture;
import org.libchan4j.transport.Transport;
import org.libchan4j.transport.TransportListener;

/** Endpoints for tests (also used by client-java's tests through the test-jar). */
public final class TestEndpoints {
  private TestEndpoints() {}

  /** An endpoint builder whose connections go to {@code handler} as raw transports instead of sessions. */
  public static ChanEndpoint.Builder raw(RawHandler handler) {
    return ChanEndpoint.builder((s, h) -> {
      throw new AssertionError("raw endpoint opened a session");
    }).connectionHandler(handler::onConnection);
  }

  /** An endpoint builder that echoes every binary message back on the same connection. */
  public static ChanEndpoint.Builder echo() {
    return raw(TestEndpoints::echo);
  }

  /** Starts {@code t} echoing every message back. */
  public static void echo(Transport t, HandshakeInfo handshake) {
    t.start(new TransportListener() {
      @Override
      public void onMessage(byte[] message) {
        t.send(message);
        t.flush();
      }

      @Override
      public void onClosed(int code, String reason, Throwable cause) {}
    });
  }

  /** A listener that records the close. */
  public static class Closing implements TransportListener {
    public final CompletableFuture<int[]> code = new CompletableFuture<>();
    public volatile String reason;

    @Override
    public void onMessage(byte[] message) {}

    @Override
    public void onClosed(int c, String r, Throwable cause) {
      reason = r;
      code.complete(new int[] {c});
    }
  }
}
