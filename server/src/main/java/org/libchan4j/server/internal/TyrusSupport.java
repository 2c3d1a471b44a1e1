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
   * client gets exactly that status line ({@code reasonPhrase} after the code). Other containers have no standard
   * way: they answer with their error status (usually 500; put {@code ChanUpgradeFilter} in front there), and the
   * endpoint also refuses to open if a container upgrades anyway.
   */
  public static RuntimeException rejection(HandshakeResponse response, int status, String reasonPhrase,
      String message) {
    if (isTyrus(response)) return Tyrus.rejection(response, status, reasonPhrase, message);
    return new IllegalStateException("WebSocket handshake rejected (HTTP " + status + "): " + message);
  }

  /**
   * Only loaded on Tyrus. Every Tyrus type is named in here and nowhere else: the verifier loads the types a method
   * passes around when it checks that method, so one Tyrus class in the outer class's code fails it without Tyrus.
   */
  private static final class Tyrus {
    static String remoteAddress(HandshakeRequest request) {
      return request instanceof org.glassfish.tyrus.core.RequestContext
          ? ((org.glassfish.tyrus.core.RequestContext) request).getRemoteAddr() : null;
    }

    static RuntimeException rejection(HandshakeResponse response, int status, String reasonPhrase, String message) {
      if (response instanceof org.glassfish.tyrus.spi.UpgradeResponse) {
        // Tyrus already wrote "Switching Protocols" into the reason phrase; do not send "401 Switching Protocols".
        ((org.glassfish.tyrus.spi.UpgradeResponse) response).setReasonPhrase(reasonPhrase);
      }
      return sneaky(new org.glassfish.tyrus.core.HandshakeException(status, message));
    }

    /** Tyrus catches its checked HandshakeException around modifyHandshake and answers with its status. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
      throw (E) t;
    }
  }
}
