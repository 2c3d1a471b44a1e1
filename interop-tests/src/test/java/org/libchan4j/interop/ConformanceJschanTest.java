package org.libchan4j.interop;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The conformance server's operations run from a real jschan client ({@code conformance.js}), one session each. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConformanceJschanTest {
  private static ConformanceServer server;

  @BeforeAll
  static void start() {
    server = ConformanceServer.start(0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"echo", "stream", "sink", "bytes-echo", "bytes-sum", "open", "nest", "register-send-to",
      "unknown-op", "malformed"})
  void op(String op) throws Exception {
    try (NodePeer node = NodePeer.start("conformance.js", server.uri().toString(), op)) {
      node.awaitPass();
    }
  }
}
