package org.libchan4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.libchan4j.examples.EchoService.Reply;
import org.libchan4j.server.ChanServer;

class EchoExampleTest {

  @Test
  void theClientGetsAReplyToEachRequest() throws Exception {
    try (ChanServer server = EchoService.start(0)) {
      assertEquals(List.of(new Reply("hello", 1), new Reply("channels", 2), new Reply("!", 3)),
          EchoClient.run(server.uri(), List.of("hello", "channels", "!")));
      // A second client gets a session of its own.
      assertEquals(List.of(new Reply("again", 1)), EchoClient.run(server.uri(), List.of("again")));
    }
  }
}
