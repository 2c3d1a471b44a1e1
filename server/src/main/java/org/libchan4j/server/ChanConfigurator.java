package org.libchan4j.server;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import org.libchan4j.server.internal.FrameGuard;
import org.libchan4j.server.internal.TyrusSupport;

/**
 * The container's side of the handshake: subprotocol choice and the {@link HandshakeCheck} rules (shutdown, Origin
 * policy, authentication) in {@code modifyHandshake}; or, for an upgrade {@link ChanUpgradeFilter} already checked,
 * just that filter's outcome.
 */
final class ChanConfigurator extends ServerEndpointConfig.Configurator {
  static final String HANDSHAKE_KEY = "org.libchan4j.server.handshake";
  static final String REJECTED_KEY = "org.libchan4j.server.rejected";
  static final String CONNECTION_ID_KEY = "org.libchan4j.server.connectionId";

  private final ChanEndpoint endpoint;
  /** The handshake ChanUpgradeFilter accepted, or null: the rules run here. */
  private final HandshakeInfo accepted;

  ChanConfigurator(ChanEndpoint endpoint, HandshakeInfo accepted) {
    this.endpoint = endpoint;
    this.accepted = accepted;
  }

  @Override
  public boolean checkOrigin(String originHeaderValue) {
    return true; // decided in modifyHandshake, where the Host header is known
  }

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    return HandshakeCheck.subprotocol(endpoint, supported, requested);
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new ChanWebSocketEndpoint(endpoint));
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    Map<String, Object> props = sec.getUserProperties();
    if (accepted != null) {
      props.put(HANDSHAKE_KEY, accepted);
      return;
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
    HandshakeCheck.Outcome outcome = HandshakeCheck.run(endpoint, info);
    if (!outcome.allowed()) throw reject(props, response, outcome.status(), outcome.phrase(), outcome.message());
    props.put(HANDSHAKE_KEY, outcome.accepted());
    if (connectionId != null) props.put(CONNECTION_ID_KEY, connectionId);
  }

  /** Refuses the upgrade with {@code status} and the reason phrase {@code phrase}. */
  private static RuntimeException reject(Map<String, Object> props, HandshakeResponse response, int status,
      String phrase, String message) {
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
