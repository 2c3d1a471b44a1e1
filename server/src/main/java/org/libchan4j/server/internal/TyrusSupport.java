package org.libchan4j.server.internal;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;

/**
 * What the Jakarta API cannot express, done the Tyrus way when running on Tyrus, and degraded elsewhere. Tyrus
 * classes are only touched after checking the runtime class, so this loads in Tomcat or Jetty too.
 */
public final class TyrusSupport {
  private TyrusSupport() {}

  private static boolean isTyrus(Object o) {
    return o != null && o.getClass().getName().startsWith("org.glassfish.tyrus.");
  }

  /** The client address during the handshake: Tyrus has it; elsewhere {@code null} (filled in at open). */
  public static String remoteAddress(HandshakeRequest request) {
    return isTyrus(request) ? Tyrus.remoteAddress(request) : null;
  }

  /**
   * An exception that, thrown from {@code modifyHandshake}, refuses the upgrade with {@code status}. On Tyrus the
   * client gets exactly that HTTP status, with {@code phrase} as the reason phrase (null: the status's usual one).
   * Other containers have no standard way: they answer with their error status (usually 500), and the endpoint
   * also refuses to open if a container upgrades anyway.
   */
  public static RuntimeException rejection(HandshakeResponse response, int status, String phrase, String message) {
    if (isTyrus(response)) {
      Tyrus.setStatusLine(response, phrase != null ? phrase : reasonPhrase(status));
      return Tyrus.sneaky(new org.glassfish.tyrus.core.HandshakeException(status, message));
    }
    return new IllegalStateException("WebSocket handshake rejected (HTTP " + status + "): " + message);
  }

  /** Only loaded on Tyrus. */
  private static final class Tyrus {
    static String remoteAddress(HandshakeRequest request) {
      return request instanceof org.glassfish.tyrus.core.RequestContext
          ? ((org.glassfish.tyrus.core.RequestContext) request).getRemoteAddr() : null;
    }

    static void setStatusLine(HandshakeResponse response, String phrase) {
      if (response instanceof org.glassfish.tyrus.spi.UpgradeResponse) {
        // Tyrus already wrote "Switching Protocols" into the reason phrase; do not send "401 Switching Protocols".
        ((org.glassfish.tyrus.spi.UpgradeResponse) response).setReasonPhrase(phrase);
      }
    }

    /** Tyrus catches its checked HandshakeException around modifyHandshake and answers with its status. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
      throw (E) t;
    }
  }

  static String reasonPhrase(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 503: return "Service Unavailable";
      default: return status < 500 ? "Client Error" : "Server Error";
    }
  }
}
