package org.libchan4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libchan4j.Session;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;
import org.libchan4j.server.OriginPolicy;

/**
 * A connect that fails says what happened, against a real {@link ChanServer}: its OriginPolicy refusing, its
 * Authenticator refusing (401) or forbidding (403), and nothing listening, each with its own message.
 */
class ConnectErrorsTest {
  private static ChanServer server;

  @BeforeAll
  static void start() {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> session.close())
        .originPolicy(OriginPolicy.sameOriginAnd("https://app.example.com"))
        .authenticator(h -> {
          String token = h.header("Authorization");
          if (token == null) return AuthResult.unauthorized("no token");
          return token.equals("Bearer good") ? AuthResult.allow() : AuthResult.forbidden("bad token");
        })
        .build();
    server = ChanServer.builder(endpoint).build().start();
  }

  @AfterAll
  static void stop() {
    server.shutdown(Duration.ofSeconds(5));
  }

  private static HandshakeRejectedException refused(ClientOptions.Builder options) {
    return assertThrows(HandshakeRejectedException.class, () -> ChanClient.connect(server.uri(), options.build()));
  }

  @Test
  void anOriginRefusalSaysTheOriginPolicyRefused() {
    HandshakeRejectedException e = refused(ClientOptions.builder().header("Authorization", "Bearer good")
        .header("Origin", "https://evil.example"));
    assertEquals(403, e.status());
    assertTrue(e.getMessage().endsWith(" rejected: HTTP 403 Origin Not Allowed: the server's OriginPolicy refused"
        + " the Origin header"), e.getMessage());
    assertFalse(e.getMessage().contains("Authenticator"), e.getMessage());
  }

  @Test
  void missingCredentialsSayTheAuthenticatorRefused() {
    HandshakeRejectedException e = refused(ClientOptions.builder());
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("HTTP 401 Unauthorized: the server's Authenticator refused the credentials"),
        e.getMessage());
  }

  @Test
  void anAuthenticatorsForbiddenIsNotCalledAnOriginRefusal() {
    HandshakeRejectedException e = refused(ClientOptions.builder().header("Authorization", "Bearer bad"));
    assertEquals(403, e.status());
    assertTrue(e.getMessage().contains("HTTP 403 Forbidden: the server's Authenticator forbade the request"),
        e.getMessage());
  }

  @Test
  void anAllowedOriginAndGoodCredentialsConnect() {
    try (Session s = ChanClient.connect(server.uri(), ClientOptions.builder().header("Authorization", "Bearer good")
        .header("Origin", "https://app.example.com").build())) {
      assertEquals("libchan4j.v1", ChanClient.subprotocol(s), "the upgrade succeeded");
    }
  }

  @Test
  void anUnreachableServerIsNeitherOfThose() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    ConnectionRefusedException e = assertThrows(ConnectionRefusedException.class,
        () -> ChanClient.connect(URI.create("ws://127.0.0.1:" + port + "/chan"), ClientOptions.defaults()));
    assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("unreachable"),
        e.getMessage());
    assertFalse(e.getMessage().contains("OriginPolicy") || e.getMessage().contains("HTTP"), e.getMessage());
  }
}
