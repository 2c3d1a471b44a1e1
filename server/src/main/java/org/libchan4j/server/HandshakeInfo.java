package org.libchan4j.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the client sent in its WebSocket upgrade request, as seen by the {@link Authenticator} and the
 * {@link SessionHandler}. Immutable. Header names are case-insensitive.
 */
public final class HandshakeInfo {
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final Map<String, String> cookies;
  private final String remoteAddress;
  private final String subprotocol;
  private final Object principal;

  HandshakeInfo(String path, String query, Map<String, List<String>> headers, String remoteAddress,
      String subprotocol, Object principal) {
    this.path = Objects.requireNonNull(path, "path");
    this.query = query;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, b) -> {
      java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
      all.addAll(b);
      return List.copyOf(all);
    }));
    this.headers = Collections.unmodifiableMap(h);
    this.cookies = parseCookies(this.headers.getOrDefault("Cookie", List.of()));
    this.remoteAddress = remoteAddress;
    this.subprotocol = subprotocol;
    this.principal = principal;
  }

  /** The request path, e.g. {@code /chan}. */
  public String path() { return path; }

  /** The raw query string without {@code ?}, or {@code null}. */
  public String query() { return query; }

  /** Every request header; names are case-insensitive, values in arrival order. */
  public Map<String, List<String>> headers() { return headers; }

  /** The first value of a header, or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Cookies from the {@code Cookie} header(s), by name (first occurrence wins). */
  public Map<String, String> cookies() { return cookies; }

  /** The {@code Origin} header, or {@code null} (non-browser clients usually send none). */
  public String origin() { return header("Origin"); }

  /** The client's IP address as the container reports it, or {@code null} where the container does not. */
  public String remoteAddress() { return remoteAddress; }

  /** The subprotocol the server chose, or {@code null} for none (jschan offers none). */
  public String subprotocol() { return subprotocol; }

  /** What the {@link Authenticator} attached with {@link AuthResult#allow(Object)}, or {@code null}. */
  public Object principal() { return principal; }

  HandshakeInfo withPrincipal(Object p) {
    return new HandshakeInfo(path, query, headers, remoteAddress, subprotocol, p);
  }

  HandshakeInfo withRemoteAddress(String a) {
    return new HandshakeInfo(path, query, headers, a, subprotocol, principal);
  }

  HandshakeInfo withSubprotocol(String s) {
    return new HandshakeInfo(path, query, headers, remoteAddress, s, principal);
  }

  private static Map<String, String> parseCookies(List<String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String header : values) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq <= 0) continue;
        String name = part.substring(0, eq).trim();
        String value = part.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!name.isEmpty()) out.putIfAbsent(name, value);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "HandshakeInfo{path=" + path + (query == null ? "" : "?" + query) + ", remote=" + remoteAddress
        + ", origin=" + origin() + ", subprotocol=" + subprotocol + "}";
  }
}
