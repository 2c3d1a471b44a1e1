package org.libchan4j.server;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import org.libchan4j.SessionOptions;
import org.libchan4j.internal.engine.HandshakeRefusal;
import org.libchan4j.server.internal.FrameGuard;
import org.libchan4j.server.internal.TyrusSupport;

/** Runs the handshake hooks: shutdown check, Origin policy, subprotocol choice, authentication. */
final class ChanConfigurator extends ServerEndpointConfig.Configurator {
  static final String HANDSHAKE_KEY = "org.libchan4j.server.handshake";
  static final String REJECTED_KEY = "org.libchan4j.server.rejected";
  static final String CONNECTION_ID_KEY = "org.libchan4j.server.connectionId";
  private static final System.Logger LOG = System.getLogger(ChanEndpoint.class.getName());

  private final ChanEndpoint endpoint;

  ChanConfigurator(ChanEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public boolean checkOrigin(String originHeaderValue) {
    return true; // decided in modifyHandshake, where the Host header is known
  }

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    // PROTOCOL.md 1.2: pick libchan4j.v1 wherever the client lists it (it offers libchan4j.compat first, so that an
    // echoing jschan server picks compat), then libchan4j.compat, then the application's own subprotocols.
    String extended = SessionOptions.Mode.EXTENDED.subprotocol();
    String compat = SessionOptions.Mode.COMPAT.subprotocol();
    if (endpoint.extendedMode() && requested.contains(extended)) return extended;
    if (requested.contains(compat)) return compat;
    List<String> own = new java.util.ArrayList<>(supported);
    own.remove(extended);
    own.remove(compat);
    String chosen = endpoint.subprotocolSelector().apply(own, requested);
    return chosen == null ? "" : chosen;
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new ChanWebSocketEndpoint(endpoint));
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    Map<String, Object> props = sec.getUserProperties();
    if (endpoint.isShuttingDown()) {
      throw reject(props, response, 503, null, "server is shutting down");
    }
    String path = request.getRequestURI() == null ? endpoint.path() : request.getRequestURI().getPath();
    String subprotocol = firstHeader(response.getHeaders(), "Sec-WebSocket-Protocol");
    Map<String, List<String>> headers = new java.util.LinkedHashMap<>(request.getHeaders());
    String connectionId = null;
    for (java.util.Iterator<Map.Entry<String, List<String>>> it = headers.entrySet().iterator(); it.hasNext();) {
      Map.Entry<String, List<String>> e = it.next();
      if (e.getKey().equalsIgnoreCase(FrameGuard.CONNECTION_HEADER)) {
        connectionId = e.getValue().isEmpty() ? null : e.getValue().get(0);
        it.remove();
      }
    }
    HandshakeInfo info = new HandshakeInfo(path, request.getQueryString(), headers,
        TyrusSupport.remoteAddress(request), subprotocol, null);

    if (!endpoint.originPolicy().allows(info.origin(), info.header("Host"))) {
      // The reason phrase tells clients that can read it (Java, Node) the OriginPolicy refused, not the Authenticator.
      throw reject(props, response, 403, HandshakeRefusal.ORIGIN_PHRASE,
          "origin not allowed: " + info.origin() + " (host " + info.header("Host") + ")");
    }
    AuthResult auth;
    try {
      auth = endpoint.authenticator().authenticate(info);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "authenticator failed for " + info, e);
      auth = AuthResult.reject(500, "authenticator failed: " + e);
    }
    if (auth == null || !auth.allowed()) {
      int status = auth == null ? 500 : auth.status();
      throw reject(props, response, status, null, auth == null ? "authenticator returned null" : auth.message());
    }
    if (auth.principal() != null) info = info.withPrincipal(auth.principal());
    props.put(HANDSHAKE_KEY, info);
    if (connectionId != null) props.put(CONNECTION_ID_KEY, connectionId);
  }

  /** Refuses the upgrade with {@code status} and {@code phrase} (null: the status's usual reason phrase). */
  private static RuntimeException reject(Map<String, Object> props, HandshakeResponse response, int status,
      String phrase, String message) {
    LOG.log(System.Logger.Level.INFO, "WebSocket handshake rejected with HTTP {0}: {1}", status, message);
    props.put(REJECTED_KEY, status); // if a container upgrades anyway, onOpen closes at once
    response.getHeaders().clear();
    // Tyrus writes the refusal as a bodiless, unterminated response: say there is no body (the JDK client waits
    // for one otherwise) and end the connection.
    response.getHeaders().put("Content-Length", List.of("0"));
    response.getHeaders().put("Connection", List.of("close"));
    return TyrusSupport.rejection(response, status, phrase, message);
  }

  private static String firstHeader(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        String v = e.getValue().get(0);
        return v == null || v.isEmpty() ? null : v;
      }
    }
    return null;
  }
}
