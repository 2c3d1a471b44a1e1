package org.libchan4j.bench.blocking;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.Sender;
import org.libchan4j.SessionClosedException;
import org.libchan4j.bench.Emit;
import org.libchan4j.bench.ServerMain;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * The sessions-blocking server: {@link ChanServer} with the README's blocking handler and the endpoint's
 * <b>default executor</b> (no {@code executor(...)}: whatever {@link ChanEndpoint} picks on this JVM), so each
 * session's handler waits in {@code receive} on a thread of that executor for as long as the session lives.
 *
 * <p>Besides {@link ServerMain}'s {@code heap} and {@code stats}, the stdin line {@code count} answers with the
 * handlers running now ({@code live}: sessions held) and the requests answered so far.
 */
public final class BlockingServer {
  /** As in the README: one type serves both sides. */
  public record Request(String cmd, List<String> args, Sender<Status> status) {}

  public record Status(int code) {}

  private static final AtomicInteger LIVE = new AtomicInteger();
  private static final AtomicInteger ANSWERED = new AtomicInteger();

  private BlockingServer() {}

  public static void main(String[] args) throws Exception {
    ChanEndpoint endpoint = ChanEndpoint.builder((session, info) -> {
      LIVE.incrementAndGet();
      try {
        for (Request r : session.accept(Request.class)) {   // the README's handler, counted
          r.status().send(new Status(0));
          r.status().close();
          ANSWERED.incrementAndGet();
        }
      } catch (SessionClosedException e) {
        // the client went away: the handler ends, as an application's would
      } finally {
        LIVE.decrementAndGet();
      }
    }).build();
    ChanServer server = ChanServer.builder(endpoint).build().start();
    ServerMain.serve(server.uri().toString(), server, Map.of("count",
        words -> Emit.event("count", "live", LIVE.get(), "answered", ANSWERED.get())));
  }
}
