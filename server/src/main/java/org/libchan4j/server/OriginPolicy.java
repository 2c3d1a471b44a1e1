package org.libchan4j.server;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which browser origins may open a WebSocket: the defence against cross-site WebSocket hijacking (a page on
 * another site using the visitor's cookies). Browsers always send {@code Origin}; a mismatch is refused with HTTP
 * 403 before the upgrade.
 *
 * <p>A request <b>without</b> an {@code Origin} header comes from a non-browser client (the Java client, curl, a
 * server-side peer): browsers cannot omit it, so it cannot be a hijack, and it is allowed by default. Use
 * {@link #requireOrigin()} to refuse such clients too.
 *
 * <p>Immutable. Default: {@link #sameOrigin()}.
 */
public final class OriginPolicy {
  private final boolean sameOrigin;
  private final boolean any;
  private final Set<String> allowed;
  private final boolean allowMissing;

  private OriginPolicy(boolean sameOrigin, boolean any, Set<String> allowed, boolean allowMissing) {
    this.sameOrigin = sameOrigin;
    this.any = any;
    this.allowed = Set.copyOf(allowed);
    this.allowMissing = allowMissing;
  }

  /** Only pages served from the same scheme-less authority as the request's {@code Host}. The default. */
  public static OriginPolicy sameOrigin() {
    return new OriginPolicy(true, false, Set.of(), true);
  }

  /**
   * The same origin plus these exact origins, e.g. {@code "https://app.example.com"} or
   * {@code "http://localhost:5173"} (scheme, host and port; default ports may be omitted).
   */
  public static OriginPolicy sameOriginAnd(String... origins) {
    Set<String> set = new LinkedHashSet<>();
    for (String o : origins) set.add(normalize(Objects.requireNonNull(o, "origin")));
    return new OriginPolicy(true, false, set, true);
  }

  /** Every origin: only for public, cookie-less APIs; it re-enables cross-site WebSocket hijacking. */
  public static OriginPolicy anyOrigin() {
    return new OriginPolicy(true, true, Set.of(), true);
  }

  /** The same policy, but a request without an {@code Origin} header is refused too. */
  public OriginPolicy requireOrigin() {
    return new OriginPolicy(sameOrigin, any, allowed, false);
  }

  /**
   * Decides for one request.
   *
   * @param origin the {@code Origin} header or {@code null}
   * @param host the {@code Host} header or {@code null}
   */
  public boolean allows(String origin, String host) {
    if (origin == null || origin.isEmpty()) return allowMissing;
    if (any) return true;
    String o;
    try {
      o = normalize(origin);
    } catch (IllegalArgumentException e) {
      return false; // "null" (sandboxed iframes, file://) and garbage
    }
    if (allowed.contains(o)) return true;
    if (sameOrigin && host != null) {
      String authority = o.substring(o.indexOf("://") + 3);
      String scheme = o.substring(0, o.indexOf("://"));
      return authority.equals(normalizeHost(host, scheme));
    }
    return false;
  }

  /** {@code scheme://host[:port]}, lower-case, default port omitted. */
  static String normalize(String origin) {
    URI u;
    try {
      u = URI.create(origin.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an origin: " + origin, e);
    }
    if (u.getScheme() == null || u.getHost() == null) throw new IllegalArgumentException("not an origin: " + origin);
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    int port = u.getPort();
    String host = u.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (port == -1 || port == defaultPort(scheme) ? "" : ":" + port);
  }

  private static String normalizeHost(String host, String scheme) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > h.lastIndexOf(']') && colon >= 0) {
      String port = h.substring(colon + 1);
      if (port.equals(String.valueOf(defaultPort(scheme)))) h = h.substring(0, colon);
    }
    return h;
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
  }

  @Override
  public String toString() {
    return any ? "OriginPolicy{any}" : "OriginPolicy{sameOrigin, allowed=" + allowed + ", allowMissing=" + allowMissing + "}";
  }
}
