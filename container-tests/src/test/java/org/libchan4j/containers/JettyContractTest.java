package org.libchan4j.containers;

/** The transport contract in the compat mode against the endpoint in embedded Jetty. */
class JettyContractTest extends ContainerContractTest {
  @Override
  protected String container() {
    return "jetty";
  }
}
