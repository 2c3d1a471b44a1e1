package org.libchan4j.containers.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.containers.ContainerApp;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.HandshakeInfo;
import org.libchan4j.server.OriginPolicy;

/**
 * The application both containers serve (loaded in the container's class loader): two endpoints with the rules of
 * {@link ContainerApp}, recording what their handlers and authenticator see for the tests. A subclass deploys it.
 */
abstract class ChanApp implements ContainerApp {
  /** Served through ChanUpgradeFilter, the recipe. */
  final ChanEndpoint endpoint;
  /** Served through the container's addEndpoint(serverEndpointConfig()). */
  final ChanEndpoint direct;
  private final Map<String, CompletableFuture<ContainerApp.Accepted>> accepted = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Map<String, String>>> authenticated = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> authentications = new ConcurrentHashMap<>();

  ChanApp() {
    endpoint = configure(ChanEndpoint.builder(this::handle).path("/chan"));
    direct = configure(ChanEndpoint.builder(this::handle).path("/direct"));
  }

  private ChanEndpoint configure(ChanEndpoint.Builder b) {
    return b.originPolicy(OriginPolicy.sameOriginAnd(ContainerApp.ALLOWED_ORIGIN))
        .authenticator(h -> {
          authentications.computeIfAbsent(key(h), k -> new AtomicInteger()).incrementAndGet();
          slot(authenticated, key(h)).complete(describe(h));
          String user = h.header("X-User");
          if (user == null) return AuthResult.allow();
          return user.equals(ContainerApp.REFUSED_USER) ? AuthResult.unauthorized("refused user " + user)
              : AuthResult.allow(user);
        })
        .build();
  }

  private void handle(org.libchan4j.Session session, HandshakeInfo handshake) {
    slot(accepted, key(handshake)).complete(new ContainerApp.Accepted(session, describe(handshake)));
  }

  /** What the recipe does when the application stops: 1001 to every session while connections are open. */
  void shutdown() {
    endpoint.shutdown(Duration.ofSeconds(5));
    direct.shutdown(Duration.ofSeconds(5));
  }

  @Override
  public final CompletableFuture<ContainerApp.Accepted> accepted(String target) {
    return slot(accepted, target);
  }

  @Override
  public final CompletableFuture<Map<String, String>> authenticated(String target) {
    return slot(authenticated, target);
  }

  @Override
  public final int authentications(String target) {
    AtomicInteger n = authentications.get(target);
    return n == null ? 0 : n.get();
  }

  private static String key(HandshakeInfo h) {
    return h.path() + "?" + h.query();
  }

  private static <T> CompletableFuture<T> slot(Map<String, CompletableFuture<T>> map, String key) {
    return map.computeIfAbsent(key, k -> new CompletableFuture<>());
  }

  private static Map<String, String> describe(HandshakeInfo h) {
    Map<String, String> m = new HashMap<>();
    m.put("path", h.path());
    m.put("query", h.query());
    m.put("remoteAddress", h.remoteAddress());
    m.put("subprotocol", h.subprotocol());
    m.put("origin", h.origin());
    m.put("principal", h.principal() == null ? null : h.principal().toString());
    return m;
  }

  /** Where this loader finds a class, or null: the tests' proof that Tyrus is not on the server's class path. */
  @Override
  public final String codeSource(String className) {
    try {
      Class<?> c = Class.forName(className, false, ChanApp.class.getClassLoader());
      java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
      return source == null ? "(no code source)" : source.getLocation().toString();
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
