package org.libchan4j.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.libchan4j.SessionOptions;
import org.libchan4j.server.internal.FrameGuard;

/**
 * Fuzzes the handshake hooks ({@link ChanConfigurator}: subprotocol choice, then {@code modifyHandshake} with the
 * Origin policy, {@link HandshakeInfo}'s header and cookie parsing and an authenticator reading them) with hostile
 * request headers, URIs and query strings, against endpoints with each Origin policy (regression mode replays
 * {@code HandshakeFuzzTestInputs/}). Invariants: the subprotocol is one the endpoint supports (or none), and
 * {@code libchan4j.v1}/{@code libchan4j.compat} whenever offered; {@code modifyHandshake} either accepts (a
 * {@link HandshakeInfo} for the session, the connection header stripped, header lookups case-insensitive) or
 * refuses cleanly (a 4xx/5xx status recorded, a bodiless response, the container's rejection exception), nothing
 * else; Origin normalization is idempotent and the same-origin check accepts an origin for its own host; cookies
 * written back from the parsed map parse to the same map.
 */
class HandshakeFuzzTest {
  private static final Executor DIRECT = Runnable::run;
  private static final String[] NAMES = {"Origin", "origin", "Host", "HOST", "Cookie", "cookie",
    "Sec-WebSocket-Protocol", "sec-websocket-protocol", FrameGuard.CONNECTION_HEADER, "Authorization", "X-Token", ""};
  private static final ChanEndpoint[] ENDPOINTS = {
    endpoint(OriginPolicy.sameOrigin(), true),
    endpoint(OriginPolicy.sameOriginAnd("https://app.example.com", "http://localhost:5173").requireOrigin(), false),
    endpoint(OriginPolicy.anyOrigin(), true),
  };

  /** Reads what an application's authenticator reads: cookies, headers, query; refuses or throws on some. */
  private static ChanEndpoint endpoint(OriginPolicy policy, boolean extended) {
    return ChanEndpoint.builder((session, handshake) -> { }).originPolicy(policy).extendedMode(extended)
        .subprotocols("chat", "v2.chat").executor(DIRECT).authenticator(info -> {
          String token = info.cookies().get("token");
          if (token == null) token = info.header("x-token");
          if ("throw".equals(token)) throw new IllegalStateException("authenticator bug");
          if (token != null && token.startsWith("deny")) return AuthResult.unauthorized("bad token " + token);
          if (info.query() != null && info.query().contains("forbid")) return AuthResult.forbidden("no");
          return token == null ? AuthResult.allow() : AuthResult.allow(token);
        }).build();
  }

  @FuzzTest
  @DictionaryEntries({"http://", "https://", "ws://", "null", "localhost", ":80", ":443", "[::1]", "token=",
      "; ", "\"", "libchan4j.v1", "libchan4j.compat", "chat", "deny", "throw", "forbid", "%", "@", "#"})
  void handshake(FuzzedDataProvider data) {
    ChanEndpoint endpoint = data.pickValue(ENDPOINTS);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int n = data.consumeInt(0, 8); n > 0; n--) {
      String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeAsciiString(12);
      List<String> values = headers.computeIfAbsent(name, k -> new ArrayList<>());
      for (int v = data.consumeInt(0, 2); v > 0; v--) values.add(latin1(data.consumeBytes(data.consumeInt(0, 80))));
    }
    String query = data.consumeBoolean() ? null : data.consumeAsciiString(20);
    URI uri = uri(data.consumeAsciiString(30));
    String origin = data.consumeRemainingAsAsciiString();
    if (!origin.isEmpty()) headers.computeIfAbsent("Origin", k -> new ArrayList<>()).add(0, origin);

    ServerEndpointConfig sec = endpoint.serverEndpointConfig();
    ChanConfigurator configurator = (ChanConfigurator) sec.getConfigurator();
    String chosen = negotiate(endpoint, sec, configurator, headers);
    FakeResponse response = new FakeResponse();
    if (!chosen.isEmpty()) response.headers.put("Sec-WebSocket-Protocol", new ArrayList<>(List.of(chosen)));
    FakeRequest request = new FakeRequest(headers, uri, query);

    Map<String, Object> props = sec.getUserProperties();
    try {
      configurator.modifyHandshake(sec, request, response);
    } catch (IllegalStateException e) {
      // the rejection outside Tyrus (TyrusSupport.rejection)
      if (!String.valueOf(e.getMessage()).startsWith("WebSocket handshake rejected (HTTP ")) throw e;
      Object status = props.get(ChanConfigurator.REJECTED_KEY);
      if (!(status instanceof Integer) || (Integer) status < 400 || (Integer) status > 599) {
        throw new AssertionError("refused with status " + status, e);
      }
      if (!response.headers.equals(Map.of("Content-Length", List.of("0"), "Connection", List.of("close")))) {
        throw new AssertionError("refusal headers " + response.headers, e);
      }
      if (props.containsKey(ChanConfigurator.HANDSHAKE_KEY)) throw new AssertionError("refused and accepted", e);
      return;
    }
    if (props.containsKey(ChanConfigurator.REJECTED_KEY)) throw new AssertionError("accepted and refused");
    HandshakeInfo info = (HandshakeInfo) props.get(ChanConfigurator.HANDSHAKE_KEY);
    checkAccepted(endpoint, info, headers, chosen);
  }

  /** The container's part (Tyrus splits the offered list on commas), then the endpoint's choice. */
  private static String negotiate(ChanEndpoint endpoint, ServerEndpointConfig sec, ChanConfigurator configurator,
      Map<String, List<String>> headers) {
    List<String> requested = new ArrayList<>();
    headers.forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Sec-WebSocket-Protocol")) return;
      for (String v : values) for (String p : v.split(",")) if (!p.trim().isEmpty()) requested.add(p.trim());
    });
    List<String> supported = sec.getSubprotocols();
    String chosen = configurator.getNegotiatedSubprotocol(supported, requested);
    String extended = SessionOptions.Mode.EXTENDED.subprotocol();
    String compat = SessionOptions.Mode.COMPAT.subprotocol();
    if (chosen == null || (!chosen.isEmpty() && (!supported.contains(chosen) || !requested.contains(chosen)))) {
      throw new AssertionError("chose '" + chosen + "' of " + supported + " for " + requested);
    }
    String expected = endpoint.extendedMode() && requested.contains(extended) ? extended
        : requested.contains(compat) ? compat : null;
    if (expected != null && !chosen.equals(expected)) {
      throw new AssertionError("chose '" + chosen + "' for " + requested + " instead of " + expected);
    }
    return chosen;
  }

  private static void checkAccepted(ChanEndpoint endpoint, HandshakeInfo info, Map<String, List<String>> sent,
      String chosen) {
    if (info == null) throw new AssertionError("accepted without a HandshakeInfo");
    if (info.header(FrameGuard.CONNECTION_HEADER) != null) throw new AssertionError("connection header kept");
    if (!Objects.equals(info.subprotocol(), chosen.isEmpty() ? null : chosen)) {
      throw new AssertionError("subprotocol " + info.subprotocol() + " instead of '" + chosen + "'");
    }
    for (String name : sent.keySet()) {
      if (name.equalsIgnoreCase(FrameGuard.CONNECTION_HEADER)) continue;
      String lower = info.header(name.toLowerCase(java.util.Locale.ROOT));
      if (!Objects.equals(info.header(name), lower) || !Objects.equals(lower, info.header(name.toUpperCase(java.util.Locale.ROOT)))) {
        throw new AssertionError("header lookup depends on case: " + name);
      }
    }
    String origin = info.origin();
    String host = info.header("Host");
    if (!endpoint.originPolicy().allows(origin, host)) throw new AssertionError("accepted a refused origin " + origin);
    if (origin != null && !origin.isEmpty()) checkOrigin(origin);
    checkCookies(info);
  }

  /** Normalization is idempotent, and an origin is same-origin with its own authority as Host. */
  private static void checkOrigin(String origin) {
    String normal;
    try {
      normal = OriginPolicy.normalize(origin);
    } catch (IllegalArgumentException e) {
      return;
    }
    String again = OriginPolicy.normalize(normal);
    if (!again.equals(normal)) throw new AssertionError(origin + " normalizes to " + normal + ", then " + again);
    String authority = normal.substring(normal.indexOf("://") + 3);
    if (!OriginPolicy.sameOrigin().allows(origin, authority)) {
      throw new AssertionError(origin + " refused for its own host " + authority);
    }
  }

  /** The parsed cookies, written back as a Cookie header, parse to the same map. */
  private static void checkCookies(HandshakeInfo info) {
    StringBuilder header = new StringBuilder();
    info.cookies().forEach((name, value) -> {
      if (name.isEmpty() || !name.equals(name.trim()) || name.contains("=") || name.contains(";")) {
        throw new AssertionError("cookie name '" + name + "'");
      }
      header.append(header.length() == 0 ? "" : "; ").append(name).append("=\"").append(value).append('"');
    });
    HandshakeInfo again = new HandshakeInfo("/", null, Map.of("Cookie", List.of(header.toString())), null, null, null);
    if (!again.cookies().equals(info.cookies())) {
      throw new AssertionError("cookies " + info.cookies() + " written as " + header + " parse to " + again.cookies());
    }
  }

  private static String latin1(byte[] b) {
    return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static URI uri(String s) {
    try {
      return URI.create("/chan" + s);
    } catch (IllegalArgumentException e) {
      return URI.create("/chan");
    }
  }

  private static final class FakeRequest implements HandshakeRequest {
    private final Map<String, List<String>> headers;
    private final URI uri;
    private final String query;

    FakeRequest(Map<String, List<String>> headers, URI uri, String query) {
      this.headers = headers;
      this.uri = uri;
      this.query = query;
    }

    @Override public Map<String, List<String>> getHeaders() { return headers; }
    @Override public Principal getUserPrincipal() { return null; }
    @Override public URI getRequestURI() { return uri; }
    @Override public boolean isUserInRole(String role) { return false; }
    @Override public Object getHttpSession() { return null; }
    @Override public Map<String, List<String>> getParameterMap() { return Map.of(); }
    @Override public String getQueryString() { return query; }
  }

  private static final class FakeResponse implements HandshakeResponse {
    final Map<String, List<String>> headers = new LinkedHashMap<>();

    @Override public Map<String, List<String>> getHeaders() { return headers; }
  }
}
