package org.libchan4j.bench.fanout;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientContainer;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ClientMain;
import org.libchan4j.bench.Emit;

/**
 * A raw Tyrus fan-out client process: {@code url=... sessions=n rounds=r [threads=8]}. Tyrus's client on one shared
 * Grizzly container (as {@code raw.RawClient}); each connection sends {@code join lobby} and reads the round out of
 * each binary message's JSON without a parser. Emits {@code ready}, then {@link Rounds}' events.
 */
public final class RawFanoutClient {
  private RawFanoutClient() {}

  public static void main(String[] argv) {
    Map<String, String> a = ClientArgs.keyValues(argv);
    URI url = URI.create(ClientArgs.require(a, "url"));
    int n = Integer.parseInt(ClientArgs.require(a, "sessions"));
    Rounds rounds = new Rounds(n, Integer.parseInt(ClientArgs.require(a, "rounds")));
    ClientManager manager = ClientManager.createClient(GrizzlyClientContainer.class.getName());
    manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    List<Session> sessions = new ArrayList<>();
    ClientMain.runWithPool(Integer.parseInt(a.getOrDefault("threads", "8")), pool -> {
      List<Future<Session>> opening = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        opening.add(pool.submit(() -> {
          Session s = manager.connectToServer(new Member(rounds), ClientEndpointConfig.Builder.create().build(), url);
          s.getBasicRemote().sendText("join " + Tick.ROOM);
          return s;
        }));
      }
      for (Future<Session> f : opening) sessions.add(f.get());
      Emit.event("ready", "sessions", sessions.size());
      ClientMain.awaitStdinEnd();
      for (Session s : sessions) s.close();
    });
  }

  private static final class Member extends Endpoint {
    private final Rounds rounds;

    Member(Rounds rounds) {
      this.rounds = rounds;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
      ws.setMaxIdleTimeout(-1); // negative: Tyrus re-arms no idle timer per message (0 runs a no-op task per message)
      ws.addMessageHandler(byte[].class, (MessageHandler.Whole<byte[]>) bytes -> rounds.received(Tick.roundOf(bytes)));
    }
  }
}
