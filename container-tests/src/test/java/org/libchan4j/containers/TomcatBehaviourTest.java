package org.libchan4j.containers;

/** The container promises in embedded Tomcat 11, whose jar carries its own WebSocket API. */
class TomcatBehaviourTest extends ContainerBehaviourTest {
  @Override
  protected String container() {
    return "tomcat";
  }

  @Override
  protected String serverInfo() {
    return "Apache Tomcat/11.0.29";
  }

  @Override
  protected String websocketApi() {
    return "tomcat-embed-websocket-11.0.29.jar";
  }
}
