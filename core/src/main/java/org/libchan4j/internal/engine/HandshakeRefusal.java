package org.libchan4j.internal.engine;

/**
 * Internal: why a WebSocket upgrade failed, in the words every client reports (the Java client, and the browser
 * client in a browser or in Node with {@code ws}), and the reason phrase by which a libchan4j server tells an
 * Origin refusal from an {@code Authenticator}'s 403. Written once, compiled for the JVM and the browser.
 */
public final class HandshakeRefusal {
  /**
   * The reason phrase of a libchan4j server's 403 when its {@code OriginPolicy} refused the request's Origin (an
   * {@code Authenticator}'s 403 says "Forbidden").
   */
  public static final String ORIGIN_PHRASE = "Origin Not Allowed";

  /**
   * For a client that cannot see the handshake's status (a browser: its WebSocket API hides it), the likely causes,
   * most likely first.
   */
  public static final String UNSEEN_CAUSES = "the browser does not tell why; likely causes: the server's"
      + " OriginPolicy refused this page's origin (403; a dev server on another port needs"
      + " OriginPolicy.sameOriginAnd), its Authenticator refused the request (401, 403), or the server is unreachable";

  private HandshakeRefusal() {}

  /**
   * What a libchan4j server means by refusing the upgrade with {@code status} and {@code reasonPhrase} (either may
   * be unknown: 0, null), e.g. "HTTP 401 Unauthorized: the server's Authenticator refused the credentials". Short:
   * the browser bundle carries these strings.
   */
  public static String explain(int status, String reasonPhrase) {
    String phrase = reasonPhrase == null || reasonPhrase.isEmpty() ? "" : " " + reasonPhrase;
    return "HTTP " + status + phrase + ": " + meaning(status, ORIGIN_PHRASE.equals(reasonPhrase));
  }

  private static String meaning(int status, boolean origin) {
    switch (status) {
      case 401:
        return "the server's Authenticator refused the credentials";
      case 403:
        return origin ? "the server's OriginPolicy refused the Origin header"
            : "the server's Authenticator forbade the request, or its OriginPolicy refused the Origin header";
      case 404:
        return "no WebSocket endpoint at this path";
      case 503:
        return "the server is shutting down or overloaded";
      default:
        return "the server refused the WebSocket upgrade";
    }
  }
}
