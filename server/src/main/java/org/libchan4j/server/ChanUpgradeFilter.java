package org.libchan4j.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Serves a {@link ChanEndpoint} in a servlet container (Tomcat, Jetty, Spring Boot's embedded servers): map it to
 * the endpoint's {@link ChanEndpoint#path() path}, and it answers that path's WebSocket upgrades with the
 * endpoint's handshake rules, then upgrades the accepted ones itself through the container's
 * {@code ServerContainer.upgradeHttpToWebSocket} (Jakarta WebSocket 2.1). Do not also {@code addEndpoint} the
 * endpoint: the filter is the whole deployment. The {@code ChanEndpoint} javadoc shows the recipe.
 *
 * <p>Handshake: the rules of {@link ChanEndpoint} in order (503 while shutting down, the {@link OriginPolicy}'s
 * 403, the {@link Authenticator}'s status). A refusal is answered with its status, {@code Connection: close} and a
 * one-line plain-text body naming the status only (the reason stays in the server's log, one line, no stack
 * trace). The {@link HandshakeInfo} has the client's address ({@code getRemoteAddr()}) and the subprotocol the
 * endpoint will choose. Requests that are not WebSocket upgrades pass down the filter chain untouched.
 *
 * <p>Threading: {@link #doFilter} runs on the container's request thread, and so does the authenticator. The
 * filter holds no state of its own; one instance serves every request. {@link #destroy()} does not stop the
 * endpoint: call {@link ChanEndpoint#shutdown} while the container's connections are still open.
 *
 * <p>Needs the Servlet 6 API ({@code jakarta.servlet}) and a Jakarta WebSocket 2.1+ container in the same servlet
 * context; the embedded {@link ChanServer} never loads this class.
 */
public final class ChanUpgradeFilter implements Filter {
  private static final System.Logger LOG = System.getLogger(ChanEndpoint.class.getName());
  private static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

  private final ChanEndpoint endpoint;

  /** A filter serving {@code endpoint}. */
  public ChanUpgradeFilter(ChanEndpoint endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !isUpgrade((HttpServletRequest) request)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    Object container = req.getServletContext().getAttribute(SERVER_CONTAINER);
    if (!(container instanceof ServerContainer)) {
      LOG.log(System.Logger.Level.ERROR, "no Jakarta WebSocket ServerContainer in servlet context {0}: enable the "
          + "container's WebSocket support", req.getServletContext().getContextPath());
      refuse(resp, 500);
      return;
    }
    HandshakeCheck.Outcome outcome = HandshakeCheck.run(endpoint, handshake(req));
    if (!outcome.allowed()) {
      refuse(resp, outcome.status());
      return;
    }
    try {
      ((ServerContainer) container).upgradeHttpToWebSocket(req, resp, endpoint.endpointConfig(outcome.accepted()),
          Map.of());
    } catch (DeploymentException e) {
      LOG.log(System.Logger.Level.ERROR, "the container refused to upgrade " + outcome.accepted(), e);
      if (!resp.isCommitted()) refuse(resp, 500);
    }
  }

  /** What the Authenticator sees: as over Tyrus, plus the address and the subprotocol the endpoint will choose. */
  private HandshakeInfo handshake(HttpServletRequest req) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    List<String> offered = new ArrayList<>();
    for (String name : Collections.list(req.getHeaderNames())) {
      List<String> values = Collections.list(req.getHeaders(name));
      headers.put(name, values);
      if (!name.equalsIgnoreCase("Sec-WebSocket-Protocol")) continue;
      for (String v : values) {
        for (String p : v.split(",")) if (!p.isBlank()) offered.add(p.trim());
      }
    }
    String chosen = HandshakeCheck.subprotocol(endpoint, endpoint.supportedSubprotocols(), offered);
    return new HandshakeInfo(req.getRequestURI(), req.getQueryString(), headers, req.getRemoteAddr(),
        chosen.isEmpty() ? null : chosen, null);
  }

  /** A GET asking to upgrade to WebSocket; the container checks the rest of the request when it upgrades. */
  private static boolean isUpgrade(HttpServletRequest req) {
    if (!"GET".equals(req.getMethod())) return false;
    for (String v : Collections.list(req.getHeaders("Upgrade"))) {
      for (String token : v.split(",")) {
        if (token.trim().toLowerCase(Locale.ROOT).equals("websocket")) return true;
      }
    }
    return false;
  }

  private static void refuse(HttpServletResponse resp, int status) throws IOException {
    byte[] body = (status + " " + HandshakeCheck.reasonPhrase(status) + "\n").getBytes(StandardCharsets.US_ASCII);
    resp.setStatus(status);
    resp.setHeader("Connection", "close");
    resp.setContentType("text/plain;charset=US-ASCII");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }
}
