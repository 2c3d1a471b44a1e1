package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.libchan4j.socket.ChanListener;
import org.libchan4j.socket.ChanSockets;

/**
 * Direction A over TCP: the conformance operations (PROTOCOL.md section 13) served by a libchan4j TCP listener,
 * run by real jschan clients ({@code conformance.js} with a {@code tcp://} URL: jschan's {@code streamSession}
 * over a node net socket), one session each.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceJschanTcpTest {
  private static ConformanceOps ops;
  private static ChanListener listener;

  @BeforeAll
  static void start() throws Exception {
    ops = new ConformanceOps();
    listener = ChanSockets.listen(new InetSocketAddress("127.0.0.1", 0), session -> ops.onSession(session, null));
  }

  @AfterAll
  static void stop() {
    listener.close();
    ops.close();
  }

  /**
   * bytes-echo sends jschan 64 KiB chunks: records longer than one socket read, on which jschan 0.2.1's header
   * decoder recurses for ever (PROTOCOL.md section 2.2). Pinned here; every other operation passes.
   */
  @Test
  void bytesEchoOverflowsJschansDecoder() throws Exception {
    try (NodePeer node = NodePeer.start("conformance.js", url(), "bytes-echo")) {
      String message = node.awaitEvent("fail").get("message").getAsString();
      assertTrue(message.contains("Maximum call stack size exceeded") && message.contains("decodeWithHeader"), message);
    }
  }

  private static String url() {
    return "tcp://127.0.0.1:" + ((InetSocketAddress) listener.address()).getPort();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"echo", "stream", "sink", "bytes-sum", "open", "nest", "register-send-to", "unknown-op",
      "malformed"})
  void operation(String op) throws Exception {
    try (NodePeer node = NodePeer.start("conformance.js", url(), op)) {
      node.awaitPass();
    }
  }
}
