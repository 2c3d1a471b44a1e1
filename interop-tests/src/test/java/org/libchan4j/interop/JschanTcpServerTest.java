package org.libchan4j.interop;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.libchan4j.Session;
import org.libchan4j.socket.ChanSockets;

/**
 * Direction B over TCP: every scenario of {@link JschanServerTest} with the Java side dialing a real jschan
 * {@code streamSession} on a node net server (default header mode: a 4-byte length before each frame). The close
 * scenarios show that jschan tolerates libchan4j's close record and takes its own plain end as an orderly close.
 *
 * <p>Four scenarios send records larger than one socket read (a 1 MiB message, a 65,535-key map, 64 KiB byte-stream
 * chunks). jschan 0.2.1's header decoder (msgpack5 1.6.0 {@code decodeWithHeader}) recurses for ever when a read
 * ends inside a record and node dies with "Maximum call stack size exceeded"; two jschan peers fail the same way
 * (PROTOCOL.md section 2.2). Those tests pin that behaviour instead of passing quietly.
 */
class JschanTcpServerTest extends JschanServerTest {
  @Override
  protected String transport() {
    return "tcp";
  }

  @Override
  protected Session connect(int port) throws Exception {
    return ChanSockets.dial(new InetSocketAddress("127.0.0.1", port));
  }

  @Override
  @Test
  void bigMessage() throws Exception {
    expectJschanDecoderOverflow(super::bigMessage);
  }

  @Override
  @Test
  void compatRefusals() throws Exception {
    expectJschanDecoderOverflow(super::compatRefusals);
  }

  @Override
  @Test
  void byteStreamEcho() throws Exception {
    expectJschanDecoderOverflow(super::byteStreamEcho);
  }

  @Override
  @Test
  void autoPipedStreams() throws Exception {
    expectJschanDecoderOverflow(super::autoPipedStreams);
  }

  private void expectJschanDecoderOverflow(Executable scenario) {
    assertThrows(Throwable.class, scenario, "jschan's TCP decoder is expected to fail on records split across reads");
    String output = node().report();
    assertTrue(output.contains("Maximum call stack size exceeded") && output.contains("decodeWithHeader"), output);
  }
}
