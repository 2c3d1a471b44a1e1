package org.libchan4j.containers.app;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.libchan4j.server.ChanUpgradeFilter;

/** Embedded Jetty 12 (ee10) serving the {@link ChanApp}, set up exactly as the README's Jetty recipe. */
public final class JettyApp extends ChanApp {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  public JettyApp() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(new ChanUpgradeFilter(endpoint)), endpoint.path(),
        EnumSet.of(DispatcherType.REQUEST));
    JakartaWebSocketServletContainerInitializer.configure(context, null); // Jetty's Jakarta WebSocket container
    // Not the recipe: /direct, the container's own deployment, once that container exists.
    context.addEventListener(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        try {
          ((ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName()))
              .addEndpoint(direct.serverEndpointConfig());
        } catch (DeploymentException e) {
          throw new IllegalStateException(e);
        }
      }
    });
    server.setHandler(context);
    // Jetty's stop closes its connectors before the context: shut the endpoints down before that.
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStopping(LifeCycle event) {
        shutdown();
      }
    });
    server.start();
  }

  @Override
  public String serverInfo() {
    return "Jetty/" + Server.getVersion();
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
