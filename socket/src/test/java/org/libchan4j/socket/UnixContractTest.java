package org.libchan4j.socket;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The transport contract over Unix domain sockets, each listener on a new path in a temporary directory. */
class UnixContractTest extends SocketContractTest {
  private static Path dir;
  private static int next;

  @BeforeAll
  static void makeDir() throws Exception {
    dir = Files.createTempDirectory("libchan4j-unix");
  }

  @AfterAll
  static void removeDir() throws Exception {
    Files.delete(dir); // fails if a listener left its socket file behind
  }

  @Override
  protected SocketAddress listenAddress() {
    return UnixDomainSocketAddress.of(dir.resolve("s" + (++next) + ".sock"));
  }

  @Override
  protected SocketOptions.Builder socketOptions(boolean server) {
    return SocketOptions.builder();
  }
}
