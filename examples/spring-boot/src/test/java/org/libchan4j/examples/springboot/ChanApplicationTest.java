package org.libchan4j.examples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.libchan4j.CloseCodes;
import org.libchan4j.Pipe;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.client.ChanClient;
import org.libchan4j.client.ClientOptions;
import org.libchan4j.client.HandshakeRejectedException;
import org.libchan4j.examples.springboot.ChanConfiguration.Shout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample application on 127.0.0.1 and a free port, talked to with the Java client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChanApplicationTest {
  private ConfigurableApplicationContext app;
  private URI uri;

  @BeforeEach
  void start() {
    // As command-line arguments: they take precedence over application.properties.
    app = new SpringApplicationBuilder(ChanApplication.class).run("--server.address=127.0.0.1", "--server.port=0",
        "--chan.token=test-token", "--chan.allowed-origins=https://app.example.com");
    int port = ((WebServerApplicationContext) app).getWebServer().getPort();
    uri = URI.create("ws://127.0.0.1:" + port + "/chan");
  }

  @AfterEach
  void stop() {
    app.close();
  }

  private static ClientOptions.Builder withToken(String token) {
    return ClientOptions.builder().header("Authorization", "Bearer " + token);
  }

  @Test
  void answersRequestsOverTheEmbeddedTomcat() throws Exception {
    try (Session session = ChanClient.connect(uri, withToken("test-token")
        .header("Origin", "https://app.example.com").build())) {
      Sender<Shout> shouts = session.newSender(Shout.class);
      for (String text : new String[] {"hello", "channels"}) {
        Pipe<String> reply = Pipe.buffered(1);
        shouts.send(new Shout(text, reply.sender()));
        assertEquals(text.toUpperCase(), reply.receiver().receive());
      }
    }
  }

  @Test
  void refusesAWrongTokenWith401AndAForeignPageWith403() {
    HandshakeRejectedException token = assertThrows(HandshakeRejectedException.class,
        () -> ChanClient.connect(uri, withToken("guess").build()));
    assertEquals(401, token.status());
    HandshakeRejectedException origin = assertThrows(HandshakeRejectedException.class,
        () -> ChanClient.connect(uri, withToken("test-token").header("Origin", "https://evil.example").build()));
    assertEquals(403, origin.status());
  }

  @Test
  void closingTheApplicationEndsSessionsWith1001() throws Exception {
    Session session = ChanClient.connect(uri, withToken("test-token").build());
    Sender<Shout> shouts = session.newSender(Shout.class);
    Pipe<String> first = Pipe.buffered(1);
    shouts.send(new Shout("up", first.sender()));
    assertEquals("UP", first.receiver().receive());
    Pipe<String> open = Pipe.buffered(1);
    app.close();
    assertNull(session.closeFuture().get(10, TimeUnit.SECONDS), "1001 is an orderly close, not a resume wait");
    SessionClosedException e = assertThrows(SessionClosedException.class, () -> shouts.send(new Shout("x", open.sender())));
    assertEquals(CloseCodes.GOING_AWAY, e.closeCode(), e.getMessage());
  }
}
