package org.libchan4j.containers;

/** The container promises in embedded Jetty 12 (ee10) on the WebSocket API 2.1.1 it is built with. */
class JettyBehaviourTest extends ContainerBehaviourTest {
  @Override
  protected String container() {
    return "jetty";
  }

  @Override
  protected String serverInfo() {
    return "Jetty/12.1.14";
  }

  @Override
  protected String websocketApi() {
    return "jakarta.websocket-api-2.1.1.jar";
  }
}
