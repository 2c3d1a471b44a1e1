package org.libchan4j;

/**
 * Close codes a session ends with, shared by every transport. Values and meanings are those of WebSocket
 * (RFC 6455 section 7.4.1), so a WebSocket transport passes them through unchanged; PROTOCOL.md says which
 * failure uses which code.
 */
public final class CloseCodes {
  private CloseCodes() {}

  /** Orderly close by either side. */
  public static final int NORMAL = 1000;
  /** The endpoint is going away: server shutdown, browser tab closed. */
  public static final int GOING_AWAY = 1001;
  /** The peer broke the protocol: malformed frame, unknown or ended id, reference misuse. */
  public static final int PROTOCOL_ERROR = 1002;
  /** A message type the protocol does not allow (text frames on a binary protocol). */
  public static final int UNSUPPORTED_DATA = 1003;
  /** The connection dropped without a close handshake (never sent on the wire). */
  public static final int ABNORMAL = 1006;
  /** A message whose payload is not valid for the protocol: bad msgpack, invalid UTF-8. */
  public static final int INVALID_DATA = 1007;
  /** A policy limit was exceeded: too many channels, too much buffered data, origin or auth refused. */
  public static final int POLICY_VIOLATION = 1008;
  /** A message was larger than allowed (frame size, string/bin length, container size, depth). */
  public static final int MESSAGE_TOO_BIG = 1009;
  /** An unexpected local error ended the session. */
  public static final int INTERNAL_ERROR = 1011;

  /**
   * The peer answered no keepalive ping within two intervals (extended mode). From the range RFC 6455 leaves to
   * applications; never an orderly close.
   */
  public static final int KEEPALIVE_TIMEOUT = 4000;

  /**
   * The server refused to resume a session (PROTOCOL.md section 14.6): unknown or expired token, another identity,
   * or a session that has ended. The client's session fails with it.
   */
  public static final int RESUME_REFUSED = 4100;

  /** A newer connection resumed this session; the server closes the older one with this code. */
  public static final int REPLACED = 4101;

  /** Returns the name of a known code, or {@code "code N"}. */
  public static String name(int code) {
    switch (code) {
      case NORMAL: return "NORMAL";
      case GOING_AWAY: return "GOING_AWAY";
      case PROTOCOL_ERROR: return "PROTOCOL_ERROR";
      case UNSUPPORTED_DATA: return "UNSUPPORTED_DATA";
      case ABNORMAL: return "ABNORMAL";
      case INVALID_DATA: return "INVALID_DATA";
      case POLICY_VIOLATION: return "POLICY_VIOLATION";
      case MESSAGE_TOO_BIG: return "MESSAGE_TOO_BIG";
      case INTERNAL_ERROR: return "INTERNAL_ERROR";
      case KEEPALIVE_TIMEOUT: return "KEEPALIVE_TIMEOUT";
      case RESUME_REFUSED: return "RESUME_REFUSED";
      case REPLACED: return "REPLACED";
      default: return "code " + code;
    }
  }
}
