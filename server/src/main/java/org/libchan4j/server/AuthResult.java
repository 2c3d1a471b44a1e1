package org.libchan4j.server;

/** The outcome of an {@link Authenticator}: allow (optionally with a principal) or reject with an HTTP status. */
public final class AuthResult {
  private static final AuthResult ALLOW = new AuthResult(true, 0, null, null);

  private final boolean allowed;
  private final int status;
  private final String message;
  private final Object principal;

  private AuthResult(boolean allowed, int status, String message, Object principal) {
    this.allowed = allowed;
    this.status = status;
    this.message = message;
    this.principal = principal;
  }

  /** Let the connection open. */
  public static AuthResult allow() {
    return ALLOW;
  }

  /** Let it open and attach {@code principal}, readable as {@link HandshakeInfo#principal()} in the handler. */
  public static AuthResult allow(Object principal) {
    return new AuthResult(true, 0, null, java.util.Objects.requireNonNull(principal, "principal"));
  }

  /** Refuse with HTTP 401: no or invalid credentials. */
  public static AuthResult unauthorized(String message) {
    return reject(401, message);
  }

  /** Refuse with HTTP 403: known client, not allowed. */
  public static AuthResult forbidden(String message) {
    return reject(403, message);
  }

  /**
   * Refuse the upgrade with an HTTP status in 400..599; no WebSocket session is created. The message is logged on
   * the server and not sent to the client.
   */
  public static AuthResult reject(int status, String message) {
    if (status < 400 || status > 599) throw new IllegalArgumentException("reject status must be 4xx or 5xx: " + status);
    return new AuthResult(false, status, message == null ? "" : message, null);
  }

  public boolean allowed() { return allowed; }
  /** The HTTP status of a rejection, 0 when allowed. */
  public int status() { return status; }
  public String message() { return message; }
  public Object principal() { return principal; }
}
