package org.libchan4j.containers.app;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.libchan4j.server.ChanUpgradeFilter;

/** Embedded Tomcat 11 serving the {@link ChanApp}, set up exactly as the README's Tomcat recipe. */
public final class TomcatApp extends ChanApp {
  private final Tomcat tomcat = new Tomcat();

  public TomcatApp() throws Exception {
    // Not the recipe: the JVM takes one URL stream handler factory, and these tests start several Tomcats.
    org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setProperty("address", "127.0.0.1");
    connector.setPort(0);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    // Not the recipe either: the context's loader would sit on the system class loader, which holds the client.
    context.setParentClassLoader(TomcatApp.class.getClassLoader());
    context.addServletContainerInitializer(new WsSci(), null); // Tomcat's Jakarta WebSocket container
    context.addServletContainerInitializer((classes, servletContext) -> deploy(servletContext), null);
    // Tomcat runs filters only for requests some servlet is mapped to.
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMappingDecoded("/", "default");
    tomcat.start();
  }

  /** The recipe: the filter at the endpoint's path, and the endpoint's shutdown when the context stops. */
  private void deploy(ServletContext servletContext) throws jakarta.servlet.ServletException {
    servletContext.addFilter("libchan4j", new ChanUpgradeFilter(endpoint))
        .addMappingForUrlPatterns(null, false, endpoint.path());
    servletContext.addListener(new ServletContextListener() {
      @Override
      public void contextDestroyed(ServletContextEvent event) {
        shutdown(); // Tomcat pauses its connectors first: open connections still get their 1001
      }
    });
    // Not the recipe: the container's own deployment, which cannot answer a refusal with its status.
    try {
      ((ServerContainer) servletContext.getAttribute(ServerContainer.class.getName()))
          .addEndpoint(direct.serverEndpointConfig());
    } catch (jakarta.websocket.DeploymentException e) {
      throw new jakarta.servlet.ServletException(e);
    }
  }

  @Override
  public String serverInfo() {
    return org.apache.catalina.util.ServerInfo.getServerInfo();
  }

  @Override
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
