package org.libchan4j.bench.chan;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.libchan4j.Limits;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Session;
import org.libchan4j.SessionClosedException;
import org.libchan4j.bench.ServerMain;
import org.libchan4j.bench.chan.Messages.Ctl;
import org.libchan4j.bench.chan.Messages.Done;
import org.libchan4j.bench.chan.Messages.Nest;
import org.libchan4j.bench.chan.Messages.NestReply;
import org.libchan4j.bench.chan.Messages.Req;
import org.libchan4j.server.ChanEndpoint;
import org.libchan4j.server.ChanServer;

/**
 * The libchan4j benchmark server. Usage: {@code ChanBenchServer default}: the public {@link ChanServer} with its
 * defaults. It negotiates the extended mode with clients that offer {@code libchan4j.v1} and speaks compat with
 * the others (jschan, or a ChanClient asking for compat), as a real deployment does.
 *
 * <p>A session costs no thread while idle: the handler only registers {@code acceptAsync}; the first round's control
 * channel moves the session onto a pool thread that runs its rounds. Request/reply and nested setup are served with
 * callbacks on the delivering thread ({@code receiveAsync}), the way a server written for throughput serves them,
 * and as the jschan and RSocket servers do; {@code reqrep-blocking} serves request/reply with the README's blocking
 * loop on that pool thread instead, so the cost of the blocking style is measured too (one more thread hand-off per
 * request).
 */
public final class ChanBenchServer {
  static final Limits LIMITS = Limits.defaults();
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-serve");
    t.setDaemon(true);
    return t;
  });

  private ChanBenchServer() {}

  public static void main(String[] args) throws Exception {
    if (!args[0].equals("default")) throw new IllegalArgumentException("usage: ChanBenchServer default");
    ChanEndpoint endpoint = ChanEndpoint.builder((session, handshake) -> serve(session)).limits(LIMITS).build();
    ChanServer server = ChanServer.builder(endpoint).build().start();
    ServerMain.serve(server.uri().toString(), server);
  }

  static void serve(Session session) {
    session.<Ctl>acceptAsync(Ctl.class).whenCompleteAsync((first, error) -> {
      if (error == null) rounds(session, first);
    }, POOL);
  }

  private static void rounds(Session session, Receiver<Ctl> ctlChannel) {
    try {
      while (true) {
        Ctl ctl = ctlChannel.receive();
        if (ctl == null) throw new IllegalStateException("control channel ended without a request");
        long n = switch (ctl.op()) {
          case "oneway" -> oneway(session, ctl);
          case "reqrep" -> reqrep(session);
          case "reqrep-blocking" -> reqrepBlocking(session);
          case "nested" -> nested(session);
          case "bytes" -> bytes(session, ctl, ctlChannel);
          default -> throw new IllegalArgumentException("unknown op " + ctl.op());
        };
        ctl.reply().send(new Done(n));
        ctl.reply().close();
        ctlChannel = session.accept(Ctl.class);
      }
    } catch (SessionClosedException e) {
      // the client is done
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      e.printStackTrace();
      session.close(1011, "benchmark server failed: " + e);
    }
  }

  private static long oneway(Session session, Ctl ctl) throws InterruptedException {
    Receiver<byte[]> data = session.accept(byte[].class);
    long n = 0;
    while (data.receive() != null) {
      if (++n % Messages.ACK_EVERY_MESSAGES == 0 && ctl.acks() != null) ctl.acks().send(new Done(n));
    }
    if (ctl.acks() != null) ctl.acks().close();
    return n;
  }

  /** Replies from the delivering thread: the reply and its END leave in one write. */
  private static long reqrep(Session session) throws Exception {
    return eachAsync(session.accept(Req.class), r -> {
      r.reply().sendAsync(r.p());
      r.reply().close();
    });
  }

  private static long reqrepBlocking(Session session) throws InterruptedException {
    Receiver<Req> requests = session.accept(Req.class);
    long n = 0;
    for (Req r; (r = requests.receive()) != null; n++) {
      r.reply().send(r.p());
      r.reply().close();
    }
    return n;
  }

  private static long nested(Session session) throws Exception {
    return eachAsync(session.accept(Nest.class), r -> {
      Pipe<Object> inner = Pipe.create();
      r.reply().sendAsync(new NestReply(inner.receiver()));
      inner.sender().close();
      r.reply().close();
    });
  }

  /**
   * Calls {@code serve} for each message as it is delivered ({@code receiveAsync} continuations, no thread of its
   * own) and returns the count once the channel ends. Messages already waiting are served in a loop, not by recursion.
   */
  private static <T> long eachAsync(Receiver<T> in, Consumer<T> serve) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    new Object() {
      long n;

      void next() {
        while (true) {
          CompletableFuture<T> f = in.receiveAsync();
          if (!f.isDone()) {
            f.whenComplete((v, e) -> {
              if (handle(v, e)) next();
            });
            return;
          }
          T v;
          try {
            v = f.join();
          } catch (RuntimeException e) {
            handle(null, e);
            return;
          }
          if (!handle(v, null)) return;
        }
      }

      boolean handle(T v, Throwable e) {
        if (e != null) return !done.completeExceptionally(e);
        if (v == null) return !done.complete(n);
        n++;
        serve.accept(v);
        return true;
      }
    }.next();
    try {
      return done.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
      throw e;
    }
  }

  /** Counts the stream's bytes on another thread until the client's second message says how many were sent. */
  private static long bytes(Session session, Ctl ctl, Receiver<Ctl> ctlChannel) throws Exception {
    AtomicLong count = new AtomicLong();
    Object lock = new Object();
    POOL.execute(() -> {
      byte[] buf = new byte[64 * 1024];
      long nextAck = Messages.ACK_EVERY;
      try (InputStream in = ctl.stream().input()) {
        for (int r; (r = in.read(buf)) >= 0; ) {
          long c = count.addAndGet(r);
          if (ctl.acks() != null && c >= nextAck) {
            ctl.acks().send(new Done(c));
            nextAck = c + Messages.ACK_EVERY;
          }
          synchronized (lock) {
            lock.notifyAll();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException e) {
        // the session ended: the client does not end its direction toward a server that may be jschan
      }
    });
    Ctl total = ctlChannel.receive();
    if (total == null || !"total".equals(total.op()) || total.total() == null) {
      throw new IllegalStateException("expected {op: total, total: n}, got " + total);
    }
    synchronized (lock) {
      while (count.get() < total.total()) {
        if (!session.isOpen()) throw new SessionClosedException(1006, "session ended during the byte stream", null);
        lock.wait(1000);
      }
    }
    if (ctl.acks() != null) ctl.acks().close();
    return count.get();
  }
}
