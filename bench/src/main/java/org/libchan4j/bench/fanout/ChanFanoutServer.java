package org.libchan4j.bench.fanout;

import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Topic;
import org.libchan4j.bench.ServerMain;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * The libchan4j fan-out server: {@link ChanServer} with its defaults (extended mode for {@code ChanClient}s). Each
 * session opens one channel carrying a {@link Join} with its inbox (a browser joining a room); the server subscribes
 * the inbox to one {@link Topic} and publishes each round's {@link Tick} to it. The handler only registers
 * {@code acceptAsync}: a subscriber costs no thread.
 */
public final class ChanFanoutServer {
  /** What a session sends on its first channel: the room and the inbox the room's messages go to. */
  public record Join(String room, Sender<Tick> inbox) {}

  private ChanFanoutServer() {}

  public static void main(String[] args) throws Exception {
    Topic<Tick> topic = Topic.create(Tick.class);
    AtomicInteger joined = new AtomicInteger();
    ChanEndpoint endpoint = ChanEndpoint.builder((session, info) -> session.<Join>acceptAsync(Join.class)
        .thenCompose(Receiver::receiveAsync)
        .thenAccept(join -> {
          topic.subscribe(join.inbox());
          joined.incrementAndGet();
        })).build();
    ChanServer server = ChanServer.builder(endpoint).build().start();
    ServerMain.serve(server.uri().toString(), server, FanoutCommands.of(joined::get, topic::publish));
  }
}
