package org.libchan4j.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.client.TransportSeam;
import org.libchan4j.testing.RawConnection;
import org.libchan4j.testing.TransportContractTest;
import org.libchan4j.websocket.internal.WebSocketTransport;

/**
 * The transport contract against a ChanEndpoint deployed in a servlet container through ChanUpgradeFilter, with
 * the container's server side in a class loader without Tyrus. Each subclass names the container and the mode.
 */
abstract class ContainerContractTest extends TransportContractTest {
  /** One running container per container name, for the test class; stopped after it. */
  private static final Map<String, ContainerApp> RUNNING = new ConcurrentHashMap<>();
  private static final AtomicInteger CONNECTIONS = new AtomicInteger();

  /** {@code tomcat} or {@code jetty}. */
  protected abstract String container();

  @AfterAll
  static void stopContainers() throws Exception {
    for (ContainerApp app : RUNNING.values()) app.close();
    RUNNING.clear();
  }

  @Override
  protected RawConnection connectRaw() throws Exception {
    ContainerApp app = RUNNING.computeIfAbsent(container(), ContainerLoader::start);
    String target = "/chan?c=" + CONNECTIONS.incrementAndGet();
    WebSocketTransport client = TransportSeam.connect(URI.create("ws://127.0.0.1:" + app.port() + target),
        ClientOptions.builder().mode(mode()).build());
    // Compat offers no subprotocol (as jschan: "" is none); extended must get libchan4j.v1 back.
    String expected = mode() == SessionOptions.Mode.EXTENDED ? mode().subprotocol() : "";
    assertEquals(expected, client.webSocket().getNegotiatedSubprotocol(), "subprotocol chosen by the container");
    // An extended-mode server opens its session on the client's first frame (PROTOCOL.md 14.6): don't wait here.
    return new RawConnection(client, app.accepted(target).thenApply(ContainerApp.Accepted::session), null);
  }
}
