// A consumer of the published modules on the module path: ModulesTest compiles and runs it.
module consumer {
  requires org.libchan4j.server;
  requires org.libchan4j.client;
  requires org.libchan4j.socket;

  opens consumer to com.google.gson; // the message records are bound by Gson, as core's module javadoc says
}
