package org.libchan4j.containers;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.libchan4j.Session;

/**
 * The test application running in a servlet container, as the tests see it across the class-loader line
 * ({@link ContainerLoader}): only JDK and libchan4j-core types cross it. The application serves
 * {@code ws://127.0.0.1:port/chan} through {@code ChanUpgradeFilter} and {@code /direct} through the container's
 * {@code addEndpoint}, both with the same rules: Origin {@link #ALLOWED_ORIGIN} (or none, or the same origin), and
 * header {@code X-User} as the principal ({@link #REFUSED_USER} gets 401, no header is anonymous).
 */
public interface ContainerApp extends AutoCloseable {
  String ALLOWED_ORIGIN = "https://app.example.com";
  String REFUSED_USER = "mallory";

  /** A session the endpoint's handler received, with its handshake as a map (path, query, remoteAddress...). */
  record Accepted(Session session, Map<String, String> handshake) {}

  /** The container's own name and version, e.g. {@code Apache Tomcat/11.0.29}. */
  String serverInfo();

  int port();

  /**
   * The session of the connection to {@code target} (its URL's path and query, e.g. {@code /chan?c=3}; each test
   * connection has its own query), once its handler runs.
   */
  CompletableFuture<Accepted> accepted(String target);

  /** What the Authenticator saw for the first handshake to {@code target}. */
  CompletableFuture<Map<String, String>> authenticated(String target);

  /** How many handshakes to {@code target} reached the Authenticator. */
  int authentications(String target);

  /** Where the server side's class loader finds {@code className} (its code source), or null if it cannot. */
  String codeSource(String className);

  /** Stops the container the way the recipe does: the endpoints shut down while connections are still open. */
  @Override
  void close() throws Exception;
}
