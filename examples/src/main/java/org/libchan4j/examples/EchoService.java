package org.libchan4j.examples;

import org.libchan4j.Sender;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * A request/reply service over WebSocket: every request carries its own return channel, and the service answers
 * on it. Run it, then {@link EchoClient}:
 *
 * <pre>
 * mvn -q -pl examples exec:java -Dexec.mainClass=org.libchan4j.examples.EchoService -Dexec.args=8080
 * </pre>
 */
public final class EchoService {

  /** A request: the text to echo and where to send the reply. The client and the service share these types. */
  public record Request(String text, Sender<Reply> reply) {}

  /** The echoed text and how many requests this session has made so far. */
  public record Reply(String text, int n) {}

  private EchoService() {}

  /** Starts the service on 127.0.0.1 at {@code port} (0 picks a free one; see {@link ChanServer#uri()}). */
  public static ChanServer start(int port) {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> {
      // One task per session on the endpoint's executor: blocking here is fine.
      int n = 0;
      for (Request r : session.accept(Request.class)) { // until the client ends its channel
        r.reply().send(new Reply(r.text(), ++n));
        r.reply().close();
      }
    }).build();
    return ChanServer.builder(endpoint).port(port).build().start();
  }

  /** {@code EchoService [port]}: serves until the JVM is stopped (Ctrl-C). The default port is 8080. */
  public static void main(String[] args) throws InterruptedException {
    ChanServer server = start(args.length > 0 ? Integer.parseInt(args[0]) : 8080);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "echo-service-shutdown"));
    System.out.println("echo service listening on " + server.uri());
    Thread.currentThread().join();
  }
}
