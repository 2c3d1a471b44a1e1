package org.libchan4j.socket;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Resumption over Unix domain sockets through a {@link ChannelFaultProxy} on another path. A Unix socket has no
 * reset: a cut just ends the connection, often at a record boundary, which the extended mode counts as a drop.
 */
class UnixResumptionTest extends SocketResumptionTest {
  private static Path dir;
  private static int next;

  @BeforeAll
  static void makeDir() throws Exception {
    dir = Files.createTempDirectory("libchan4j-unix-resume");
  }

  @AfterAll
  static void removeDir() throws Exception {
    Files.delete(dir); // fails if a listener or proxy left its socket file behind
  }

  @Override
  protected SocketAddress listenAddress() {
    return UnixDomainSocketAddress.of(dir.resolve("s" + (++next) + ".sock"));
  }

  @Override
  protected SocketAddress proxyAddress() {
    return UnixDomainSocketAddress.of(dir.resolve("p" + (++next) + ".sock"));
  }

  @Override
  protected SocketOptions.Builder socketOptions(boolean server) {
    return SocketOptions.builder();
  }
}
