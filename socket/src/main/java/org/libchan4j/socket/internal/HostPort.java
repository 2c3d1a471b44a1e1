package org.libchan4j.socket.internal;

import java.util.Locale;

/** A {@code host:port} target ({@code [v6]:port} for IPv6 literals), host compared without case. */
public record HostPort(String host, int port) {

  /** The target named by {@code s}, or {@code null} if it is not a valid {@code host:port}. */
  public static HostPort parse(String s) {
    if (s == null || s.length() > 300) return null;
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) return null;
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || s.indexOf(':') != colon) return null;
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    if (host.isEmpty() || !port.matches("\\d{1,5}")) return null;
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) return null;
    return new HostPort(host.toLowerCase(Locale.ROOT), p);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
