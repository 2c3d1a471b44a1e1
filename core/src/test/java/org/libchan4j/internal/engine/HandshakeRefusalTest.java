package org.libchan4j.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandshakeRefusalTest {
  @Test
  void eachRefusalNamesTheHookThatAnswersWithIt() {
    assertEquals("HTTP 403 Origin Not Allowed: the server's OriginPolicy refused the Origin header",
        HandshakeRefusal.explain(403, HandshakeRefusal.ORIGIN_PHRASE));
    assertEquals("HTTP 403 Forbidden: the server's Authenticator forbade the request, or its OriginPolicy refused"
        + " the Origin header", HandshakeRefusal.explain(403, "Forbidden"));
    assertEquals("HTTP 401 Unauthorized: the server's Authenticator refused the credentials",
        HandshakeRefusal.explain(401, "Unauthorized"));
    assertEquals("HTTP 404: no WebSocket endpoint at this path", HandshakeRefusal.explain(404, null));
    assertEquals("HTTP 418 I'm a teapot: the server refused the WebSocket upgrade",
        HandshakeRefusal.explain(418, "I'm a teapot"));
  }

  @Test
  void withoutAStatusTheOriginPolicyComesFirst() {
    String causes = HandshakeRefusal.UNSEEN_CAUSES;
    int origin = causes.indexOf("OriginPolicy");
    int auth = causes.indexOf("Authenticator");
    int unreachable = causes.indexOf("unreachable");
    assertTrue(origin > 0 && origin < auth && auth < unreachable, causes);
  }
}
