package org.libchan4j.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application whose embedded Tomcat also serves libchan4j sessions at {@code /chan}
 * ({@link ChanConfiguration}). Run it with
 * {@code mvn -q -pl examples/spring-boot -am exec:java} after a build, or as any Boot application.
 */
@SpringBootApplication
public class ChanApplication {
  public static void main(String[] args) {
    SpringApplication.run(ChanApplication.class, args);
  }
}
