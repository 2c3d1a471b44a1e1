package org.libchan4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionObserver;
import org.libchan4j.SessionOptions;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.micrometer.internal.RoleMeters;
import org.libchan4j.testing.FaultProxy;

/**
 * {@link ChanMetrics} in a {@link SimpleMeterRegistry}, fed by a real {@link ChanServer} and {@link ChanClient}
 * sharing it (the role tag tells them apart): exact counts of a known exchange in both wire modes, the close
 * code, a resume, and the bound on close-code tags.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ChanMetricsTest {
  record Req(int n, Sender<Integer> reply) {}

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Notifying metrics = new Notifying(new ChanMetrics(registry, Tags.of("app", "test")));
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  /** A server answering each request on its return channel with n * 10, then ending that channel. */
  private ChanServer start() throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> {
      Receiver<Req> in = session.accept(Req.class);
      for (Req r; (r = in.receive()) != null; ) {
        r.reply().send(r.n() * 10);
        r.reply().close();
      }
    }).authenticator(h -> AuthResult.allow("alice")).observer(metrics).build();
    ChanServer server = ChanServer.builder(endpoint).build().start();
    open.add(server);
    return server;
  }

  private Session connect(URI uri, SessionOptions.Mode mode) {
    Session s = ChanClient.connect(uri, ClientOptions.builder().mode(mode).observer(metrics)
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200)).build());
    open.add(s);
    return s;
  }

  /** {@code count} requests on one channel, each with its own return channel read to its end. */
  private static void requests(Sender<Req> requests, int first, int count) throws Exception {
    for (int n = first; n < first + count; n++) {
      Pipe<Integer> reply = Pipe.buffered(1);
      requests.send(new Req(n, reply.sender()));
      assertEquals(n * 10, reply.receiver().receive());
      assertNull(reply.receiver().receive());
    }
  }

  /** The value of the meter {@code name} with {@code tags} (role first), or null when there is none. */
  private Object value(String name, String... tags) {
    Meter m = registry.find(name).tags("app", "test").tags(tags).meter();
    return m == null ? null : (long) m.measure().iterator().next().getValue();
  }

  private void await(Object expected, String name, String... tags) throws InterruptedException {
    metrics.await(name + " " + String.join(",", tags), expected, () -> value(name, tags));
  }

  @ParameterizedTest
  @EnumSource(SessionOptions.Mode.class)
  void aKnownExchangeIsCountedExactlyOnBothSidesWithItsCloseCode(SessionOptions.Mode mode) throws Exception {
    ChanServer server = start();
    Session client = connect(server.uri(), mode);
    Sender<Req> requests = client.newSender(Req.class);
    requests(requests, 1, 2);
    requests.close();
    for (String role : List.of("server", "client")) {
      await(1L, "libchan4j.sessions.active", "role", role);
      // The request channel and two return channels, open or not yet ended.
      await(3L, "libchan4j.channels.opened", "role", role);
    }

    client.close(4200, "done");
    for (String role : List.of("server", "client")) {
      await(1L, "libchan4j.sessions.closed", "role", role, "code", "4200");
      await(0L, "libchan4j.sessions.active", "role", role);
      await(1L, "libchan4j.sessions.opened", "role", role);
      await(0L, "libchan4j.channels.open", "role", role);
      await(3L, "libchan4j.channels.opened", "role", role);
      await(2L, "libchan4j.messages", "role", role, "direction", "in");
      await(2L, "libchan4j.messages", "role", role, "direction", "out");
      await(0L, "libchan4j.sessions.resumed", "role", role);
    }
    // What one side sent, the other received: frame bytes, the same on both ends of the WebSocket.
    metrics.await("client out = server in", true, () -> value("libchan4j.bytes", "role", "client", "direction", "out")
        .equals(value("libchan4j.bytes", "role", "server", "direction", "in")));
    metrics.await("server out = client in", true, () -> value("libchan4j.bytes", "role", "server", "direction", "out")
        .equals(value("libchan4j.bytes", "role", "client", "direction", "in")));
    assertTrue((long) value("libchan4j.bytes", "role", "client", "direction", "out") > 0);
    assertTrue((long) value("libchan4j.bytes", "role", "server", "direction", "out") > 0);
    assertNull(value("libchan4j.sessions.closed", "role", "server", "code", "1000"), "no other close code");
  }

  @Test
  void aDroppedConnectionIsCountedAsOneSuspensionAndOneResumeOfTheSameSession() throws Exception {
    ChanServer server = start();
    FaultProxy proxy = new FaultProxy(server.port());
    open.add(proxy);
    Session client = connect(URI.create("ws://127.0.0.1:" + proxy.port() + "/chan"), SessionOptions.Mode.EXTENDED);
    Sender<Req> requests = client.newSender(Req.class);
    requests(requests, 1, 1);

    assertEquals(1, proxy.cut(), "the connection was cut");
    for (String role : List.of("server", "client")) {
      await(1L, "libchan4j.sessions.suspended", "role", role);
      await(1L, "libchan4j.sessions.resumed", "role", role);
    }
    requests(requests, 2, 1); // the session goes on over the new connection
    requests.close();
    client.close();
    for (String role : List.of("server", "client")) {
      await(1L, "libchan4j.sessions.opened", "role", role); // resumed, not opened again
      await(1L, "libchan4j.sessions.closed", "role", role, "code", "1000");
      await(0L, "libchan4j.sessions.active", "role", role);
      await(2L, "libchan4j.messages", "role", role, "direction", "in");
      await(2L, "libchan4j.messages", "role", role, "direction", "out");
      await(0L, "libchan4j.channels.open", "role", role);
    }
  }

  @Test
  void closeCodesBeyondTheTagBoundAreCountedAsOtherButTheLibrarysKeepTheirTag() {
    ChanMetrics direct = new ChanMetrics(registry, Tags.of("app", "test"));
    int codes = RoleMeters.MAX_CODE_TAGS + 8;
    for (int i = 0; i < codes; i++) {
      SessionObserver o = direct.create(Session.Role.SERVER, SessionOptions.Mode.EXTENDED);
      o.opened(null);
      o.closed(4200 + i, "");
    }
    SessionObserver o = direct.create(Session.Role.SERVER, SessionOptions.Mode.EXTENDED);
    o.opened(null);
    o.closed(1001, "");
    assertEquals(1L, value("libchan4j.sessions.closed", "role", "server", "code", "4200"));
    assertEquals(1L, value("libchan4j.sessions.closed", "role", "server", "code",
        String.valueOf(4200 + RoleMeters.MAX_CODE_TAGS - 1)));
    assertNull(value("libchan4j.sessions.closed", "role", "server", "code",
        String.valueOf(4200 + RoleMeters.MAX_CODE_TAGS)));
    assertEquals(8L, value("libchan4j.sessions.closed", "role", "server", "code", "other"));
    assertEquals(1L, value("libchan4j.sessions.closed", "role", "server", "code", "1001"));
    assertEquals(0L, value("libchan4j.sessions.active", "role", "server"));
    assertEquals((long) codes + 1, value("libchan4j.sessions.opened", "role", "server"));
    assertNull(value("libchan4j.sessions.opened", "role", "client"), "no client meters before a client session");
  }
}
