package org.libchan4j.examples.springboot;

import java.time.Duration;
import java.util.Locale;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.SessionClosedException;
import org.libchan4j.server.AuthResult;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanUpgradeFilter;
import org.libchan4j.server.OriginPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;

/**
 * The libchan4j endpoint the Spring Boot way: the endpoint is a bean, {@link ChanUpgradeFilter} is registered at
 * its path (it checks Origin and the token, then upgrades through Tomcat's WebSocket container), and a lifecycle
 * bean shuts the endpoint down before the web server stops, while its connections are still open, so every
 * client gets 1001.
 */
@Configuration(proxyBeanMethods = false)
public class ChanConfiguration {
  /** A request for the service: the text to shout, and the channel the answer comes back on. */
  public record Shout(String text, Sender<String> reply) {}

  @Bean
  ChanEndpoint chanEndpoint(@Value("${chan.token}") String token,
      @Value("${chan.allowed-origins:}") String[] allowedOrigins) {
    return ChanEndpoint.builder((session, handshake) -> {   // one task per session: it may block
          try {
            Receiver<Shout> requests = session.accept(Shout.class); // the channel the client opens
            for (Shout s : requests) {                              // until the client closes it
              s.reply().send(s.text().toUpperCase(Locale.ROOT));
              s.reply().close();
            }
          } catch (SessionClosedException e) {
            // the client went away (or the server is shutting down): nothing left to answer
          }
        })
        .path("/chan")
        .originPolicy(OriginPolicy.sameOriginAnd(allowedOrigins))   // other sites' pages get 403
        .authenticator(h -> ("Bearer " + token).equals(h.header("Authorization"))
            ? AuthResult.allow() : AuthResult.unauthorized("no or wrong token"))   // 401
        .build();
  }

  @Bean
  FilterRegistrationBean<ChanUpgradeFilter> chanUpgradeFilter(ChanEndpoint endpoint) {
    FilterRegistrationBean<ChanUpgradeFilter> filter = new FilterRegistrationBean<>(new ChanUpgradeFilter(endpoint));
    filter.addUrlPatterns(endpoint.path());
    return filter;
  }

  /**
   * Shuts the endpoint down first when the application stops. Spring Boot stops its web server in a later
   * lifecycle phase, and that closes the connections before the servlet context is destroyed, so a servlet
   * context listener would be too late; this bean's default phase runs before the web server's.
   */
  @Bean
  SmartLifecycle chanShutdown(ChanEndpoint endpoint) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        endpoint.shutdown(Duration.ofSeconds(5)); // 1001 to every session, while connections are open
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }
}
