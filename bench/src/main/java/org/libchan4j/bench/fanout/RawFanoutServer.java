package org.libchan4j.bench.fanout;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.tyrus.core.TyrusSession;
import org.libchan4j.Limits;
import org.libchan4j.bench.ClientArgs;
import org.libchan4j.bench.ServerMain;
import org.libchan4j.server.internal.FrameGuard;
import org.libchan4j.server.internal.GrizzlyTyrus;

/**
 * Raw Tyrus fan-out: the Grizzly/Tyrus stack ChanServer runs (as {@code raw.RawServer}), a session joins with the
 * text {@code join lobby}, and a round writes the {@link Tick}'s JSON bytes to every joined session as one binary
 * message. Usage: {@code RawFanoutServer [raw=broadcast|loop]}: {@code broadcast} (default) is Tyrus's own
 * {@link TyrusSession#broadcast(ByteBuffer)}, which frames the message once and writes that frame to every session
 * of the endpoint (all of them joined here); {@code loop} calls {@code getAsyncRemote().sendBinary} per session.
 */
public final class RawFanoutServer {
  static final String PATH = "/raw-fanout";
  static final Set<Session> JOINED = ConcurrentHashMap.newKeySet();

  private RawFanoutServer() {}

  public static void main(String[] args) throws Exception {
    String mode = ClientArgs.keyValues(args).getOrDefault("raw", "broadcast");
    if (!mode.equals("broadcast") && !mode.equals("loop")) throw new IllegalArgumentException("raw=" + mode);
    boolean broadcast = mode.equals("broadcast");
    int max = Limits.defaults().maxMessageBytes();
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(Member.class, PATH).build();
    GrizzlyTyrus server = new GrizzlyTyrus("127.0.0.1", 0, config, null, null, max + 64 * 1024 + 14,
        new FrameGuard(PATH, max, (id, code, reason) -> false, Duration.ofSeconds(5), 128L << 20));
    server.start();
    ServerMain.serve("ws://127.0.0.1:" + server.port() + PATH, server::stopNow,
        FanoutCommands.of(JOINED::size, tick -> broadcast ? broadcast(tick) : loop(tick)));
  }

  private static int broadcast(Tick tick) {
    for (Session any : JOINED) {
      ((TyrusSession) any).broadcast(ByteBuffer.wrap(tick.json()));
      return JOINED.size();
    }
    return 0;
  }

  private static int loop(Tick tick) {
    byte[] bytes = tick.json();
    int n = 0;
    for (Session s : JOINED) {
      s.getAsyncRemote().sendBinary(ByteBuffer.wrap(bytes));
      n++;
    }
    return n;
  }

  /** One per connection (Tyrus instantiates it). */
  public static final class Member extends Endpoint {
    @Override
    public void onOpen(Session ws, EndpointConfig config) {
      ws.setMaxIdleTimeout(-1); // negative: Tyrus re-arms no idle timer per message (0 runs a no-op task per message)
      ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        if (text.equals("join " + Tick.ROOM)) JOINED.add(ws);
      });
    }

    @Override
    public void onClose(Session ws, CloseReason reason) {
      JOINED.remove(ws);
    }
  }
}
