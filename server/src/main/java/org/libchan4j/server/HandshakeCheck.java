package org.libchan4j.server;

import java.util.ArrayList;
import java.util.List;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.engine.HandshakeRefusal;

/**
 * The handshake rules of a {@link ChanEndpoint}, in order, written once for both ways in: {@link ChanConfigurator}
 * (Tyrus, and any container's {@code addEndpoint}) and {@link ChanUpgradeFilter} (servlet containers).
 */
final class HandshakeCheck {
  private static final System.Logger LOG = System.getLogger(ChanEndpoint.class.getName());

  /**
   * Accepted (with the principal attached) or refused with an HTTP status, the reason phrase to send where the
   * container lets us (an Origin refusal's is {@link HandshakeRefusal#ORIGIN_PHRASE}, which clients name), and a
   * message for the server's log.
   */
  record Outcome(HandshakeInfo accepted, int status, String phrase, String message) {
    boolean allowed() {
      return accepted != null;
    }
  }

  private HandshakeCheck() {}

  /**
   * 503 while shutting down, then the Origin policy (403), then the authenticator (its status; 500 if it throws or
   * returns null). A refusal is logged as one line, without a stack trace: any client can cause one.
   */
  static Outcome run(ChanEndpoint endpoint, HandshakeInfo info) {
    if (endpoint.isShuttingDown()) return refuse(503, "server is shutting down");
    if (!endpoint.originPolicy().allows(info.origin(), info.header("Host"))) {
      return refuse(403, HandshakeRefusal.ORIGIN_PHRASE,
          "origin not allowed: " + info.origin() + " (host " + info.header("Host") + ")");
    }
    AuthResult auth;
    try {
      auth = endpoint.authenticator().authenticate(info);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "authenticator failed for " + info, e); // a server bug: its trace helps
      auth = AuthResult.reject(500, "authenticator failed: " + e);
    }
    if (auth == null) return refuse(500, "authenticator returned null");
    if (!auth.allowed()) return refuse(auth.status(), auth.message());
    return new Outcome(auth.principal() == null ? info : info.withPrincipal(auth.principal()), 0, null, null);
  }

  private static Outcome refuse(int status, String message) {
    return refuse(status, reasonPhrase(status), message);
  }

  private static Outcome refuse(int status, String phrase, String message) {
    LOG.log(System.Logger.Level.INFO, "WebSocket handshake rejected with HTTP {0}: {1}", status, message);
    return new Outcome(null, status, phrase, message);
  }

  /**
   * PROTOCOL.md 1.2: {@code libchan4j.v1} wherever the client lists it (it offers {@code libchan4j.compat} first, so
   * that an echoing jschan server picks compat), then {@code libchan4j.compat}, then the application's own
   * subprotocols through its selector; {@code ""} for none.
   */
  static String subprotocol(ChanEndpoint endpoint, List<String> supported, List<String> requested) {
    String extended = SessionOptions.Mode.EXTENDED.subprotocol();
    String compat = SessionOptions.Mode.COMPAT.subprotocol();
    if (endpoint.extendedMode() && requested.contains(extended)) return extended;
    if (requested.contains(compat)) return compat;
    List<String> own = new ArrayList<>(supported);
    own.remove(extended);
    own.remove(compat);
    String chosen = endpoint.subprotocolSelector().apply(own, requested);
    return chosen == null ? "" : chosen;
  }

  /** The reason phrase of a refusal's status line. */
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
