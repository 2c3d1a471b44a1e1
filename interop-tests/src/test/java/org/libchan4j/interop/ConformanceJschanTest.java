package org.libchan4j.interop;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

  @Test
  void echo() throws Exception {
    run("echo");
  }

  @Test
  void stream() throws Exception {
    run("stream");
  }

  @Test
  void sink() throws Exception {
    run("sink");
  }

  @Test
  void bytesEcho() throws Exception {
    run("bytes-echo");
  }

  @Test
  void bytesSum() throws Exception {
    run("bytes-sum");
  }

  @Test
  void open() throws Exception {
    run("open");
  }

  @Test
  void nest() throws Exception {
    run("nest");
  }

  @Test
  void registerAndSendTo() throws Exception {
    run("register-send-to");
  }

  @Test
  void unknownOp() throws Exception {
    run("unknown-op");
  }

  @Test
  void malformedRequest() throws Exception {
    run("malformed");
  }

  private static void run(String op) throws Exception {
    try (NodePeer node = NodePeer.start("conformance.js", server.uri().toString(), op)) {
      node.awaitPass();
    }
  }
}
