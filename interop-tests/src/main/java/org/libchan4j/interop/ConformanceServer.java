package org.libchan4j.interop;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.OriginPolicy;

/**
 * The libchan4j conformance server: a WebSocket endpoint at {@code /chan} on 127.0.0.1 that acts on the operations
 * specified in PROTOCOL.md section 13 ("Conformance server"), so that another implementation of the protocol can test
 * itself against libchan4j.
 *
 * <pre>
 *   scripts/conformance-server 8080          # builds, then serves ws://127.0.0.1:8080/chan until stopped
 *   java -jar interop-tests/target/libchan4j-interop-tests-*.jar 8080   # once built
 * </pre>
 *
 * Port 0 picks a free port; the first line printed names the URI. It speaks the compat protocol (no subprotocol) and
 * accepts any Origin: it is a cookie-less test server. Stop it with Ctrl-C (sessions see 1001).
 */
public final class ConformanceServer implements AutoCloseable {
  private final ChanServer server;
  private final ConformanceOps ops;

  private ConformanceServer(ChanServer server, ConformanceOps ops) {
    this.server = server;
    this.ops = ops;
  }

  /** Starts a conformance server on 127.0.0.1:{@code port} (0: any free port). */
  public static ConformanceServer start(int port) {
    ConformanceOps ops = new ConformanceOps();
    ChanEndpoint endpoint = ChanEndpoint.builder(ops)
        .path("/chan")
        .originPolicy(OriginPolicy.anyOrigin())
        .build();
    try {
      return new ConformanceServer(ChanServer.builder(endpoint).host("127.0.0.1").port(port).build().start(), ops);
    } catch (RuntimeException e) {
      ops.close();
      throw e;
    }
  }

  /** The WebSocket URI, e.g. {@code ws://127.0.0.1:8080/chan}. */
  public URI uri() {
    return server.uri();
  }

  /** Stops serving: sessions see 1001, then the operations still running are stopped. */
  @Override
  public void close() {
    server.close();
    ops.close();
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1 || !args[0].matches("\\d{1,5}") || Integer.parseInt(args[0]) > 65535) {
      System.err.println("usage: ConformanceServer PORT   (0 picks a free port)");
      System.exit(2);
    }
    ConformanceServer server = start(Integer.parseInt(args[0]));
    System.out.println("libchan4j conformance server listening on " + server.uri());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "conformance-shutdown"));
    stopped.await();
  }
}
