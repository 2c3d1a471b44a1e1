package org.libchan4j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.libchan4j.ByteStream;
import org.libchan4j.ChanException;
import org.libchan4j.Pipe;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.Session;
import org.libchan4j.server.HandshakeInfo;
import org.libchan4j.server.SessionHandler;

/**
 * The conformance operations (PROTOCOL.md section 13). Every inbound top-level channel is read message by message
 * and each map message is acted on by its {@code op}; operations that wait on the peer (sink, the byte-stream ops,
 * send-to an unregistered name) run on their own task, so the channel's next message is not held up by them.
 * Nothing here blocks the session's transport thread.
 */
final class ConformanceOps implements SessionHandler, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ConformanceOps.class.getName());
  static final long MAX_STREAM_COUNT = 100_000;
  static final long MAX_NEST_DEPTH = 64;

  private final Registry registry = new Registry();
  private final ExecutorService tasks = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "conformance-op-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** A message the server cannot act on: it fails the channel it came on. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  @Override
  public void onSession(Session session, HandshakeInfo handshake) {
    acceptNext(session);
  }

  @Override
  public void close() {
    tasks.shutdownNow();
  }

  private void acceptNext(Session session) {
    session.<Object>acceptAsync(Object.class).whenCompleteAsync((in, failed) -> {
      if (failed != null) return; // the session ended
      readNext(session, in);
      acceptNext(session);
    }, tasks);
  }

  private void readNext(Session session, Receiver<Object> in) {
    in.receiveAsync().whenCompleteAsync((message, failed) -> {
      if (failed != null || message == null) return; // the session or the channel ended
      try {
        act(session, message);
        readNext(session, in);
      } catch (Malformed | ChanException e) {
        LOG.log(System.Logger.Level.INFO, "failing a channel of {0}: {1}", session, e.getMessage());
        in.close();
        Object reply = message instanceof Map ? ((Map<?, ?>) message).get("reply") : null;
        if (reply instanceof Sender) error((Sender<?>) reply, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, tasks);
  }

  private void act(Session session, Object message) throws Malformed, InterruptedException {
    if (!(message instanceof Map)) throw new Malformed("message is not a map: " + describe(message));
    Map<?, ?> m = (Map<?, ?>) message;
    String op = string(m, "op");
    switch (op) {
      case "echo": {
        Sender<Object> reply = sender(m, "reply");
        reply.send(map("value", m.get("value")));
        reply.close();
        break;
      }
      case "stream": {
        long count = integer(m, "count", MAX_STREAM_COUNT);
        Sender<Object> reply = sender(m, "reply");
        for (long i = 0; i < count; i++) reply.send(map("i", i));
        reply.close();
        break;
      }
      case "sink": {
        Receiver<?> in = receiver(m, "in");
        Sender<Object> reply = sender(m, "reply");
        run(() -> {
          long n = 0;
          while (in.receive() != null) n++;
          reply.send(map("count", n));
          reply.close();
        });
        break;
      }
      case "bytes-echo": {
        ByteStream stream = byteStream(m, "stream");
        Sender<Object> reply = optionalSender(m, "reply");
        run(() -> {
          long n = 0;
          byte[] buf = new byte[65536];
          InputStream in = stream.input();
          OutputStream out = stream.output();
          for (int r; (r = in.read(buf)) >= 0; n += r) out.write(buf, 0, r);
          // A jschan peer processes nothing after a byte-stream END (section 9): reply first, end last.
          if (reply != null) {
            reply.send(map("length", n));
            reply.close();
          }
          out.close();
        });
        break;
      }
      case "bytes-sum": {
        ByteStream stream = byteStream(m, "stream");
        Sender<Object> reply = sender(m, "reply");
        run(() -> {
          MessageDigest sha = sha256();
          long n = 0;
          byte[] buf = new byte[65536];
          InputStream in = stream.input();
          for (int r; (r = in.read(buf)) >= 0; n += r) sha.update(buf, 0, r);
          Map<String, Object> sum = map("length", n);
          sum.put("sha256", sha.digest());
          reply.send(sum);
          reply.close();
          stream.output().close();
        });
        break;
      }
      case "open": {
        Sender<Object> out = session.newSender(Object.class);
        out.send(map("value", m.get("value")));
        out.close();
        break;
      }
      case "nest": {
        long depth = integer(m, "depth", MAX_NEST_DEPTH);
        Sender<Object> current = sender(m, "reply");
        for (long level = 0; level < depth; level++) {
          Pipe<Object> next = Pipe.buffered(1);
          current.send(map("next", next.receiver()));
          current.close();
          current = next.sender();
        }
        current.send(map("value", "bottom"));
        current.close();
        break;
      }
      case "register": {
        String name = string(m, "name");
        Sender<Object> inbox = sender(m, "inbox");
        Sender<Object> reply = optionalSender(m, "reply");
        registry.register(session, name, inbox);
        if (reply != null) {
          reply.send(map("registered", name));
          reply.close();
        }
        break;
      }
      case "send-to": {
        String name = string(m, "name");
        if (!m.containsKey("value")) throw new Malformed("send-to without a value");
        Object value = m.get("value");
        Sender<Object> reply = optionalSender(m, "reply");
        Sender<Object> inbox = registry.lookup(name);
        if (inbox != null) {
          sendTo(inbox, name, value, reply);
        } else {
          run(() -> {
            Sender<Object> late = registry.await(name, Registry.WAIT);
            if (late == null) {
              if (reply != null) error(reply, "no session registered as " + name);
              return;
            }
            sendTo(late, name, value, reply);
          });
        }
        break;
      }
      default: {
        Object reply = m.get("reply");
        if (reply instanceof Sender) error((Sender<?>) reply, "unknown op: " + op);
      }
    }
  }

  private static void sendTo(Sender<Object> inbox, String name, Object value, Sender<Object> reply)
      throws InterruptedException {
    try {
      inbox.send(value);
    } catch (ChanException e) {
      if (reply != null) error(reply, "cannot deliver to " + name + ": " + e.getMessage());
      return;
    }
    if (reply != null) {
      reply.send(map("sent", true));
      reply.close();
    }
  }

  /** Sends {@code {error: message}} and ends the channel; quiet if it cannot. */
  @SuppressWarnings("unchecked")
  private static void error(Sender<?> reply, String message) {
    try {
      ((Sender<Object>) reply).send(map("error", message));
      reply.close();
    } catch (ChanException | InterruptedException e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
    }
  }

  private interface Task {
    void run() throws IOException, InterruptedException;
  }

  /** Runs an operation that waits on the peer on its own task; when the session ends it just stops. */
  private void run(Task task) {
    tasks.execute(() -> {
      try {
        task.run();
      } catch (IOException | ChanException e) {
        LOG.log(System.Logger.Level.DEBUG, "operation stopped: {0}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  // ------------------------------------------------------------------ fields of a message

  private static String string(Map<?, ?> m, String key) throws Malformed {
    Object v = m.get(key);
    if (!(v instanceof String)) throw new Malformed("'" + key + "' must be a string, got " + describe(v));
    return (String) v;
  }

  private static long integer(Map<?, ?> m, String key, long max) throws Malformed {
    Object v = m.get(key);
    if (!(v instanceof Long) || (Long) v < 0 || (Long) v > max) {
      throw new Malformed("'" + key + "' must be an integer in 0.." + max + ", got " + describe(v));
    }
    return (Long) v;
  }

  @SuppressWarnings("unchecked")
  private static Sender<Object> sender(Map<?, ?> m, String key) throws Malformed {
    Object v = m.get(key);
    if (!(v instanceof Sender)) throw new Malformed("'" + key + "' must be a channel the server writes, got " + describe(v));
    return (Sender<Object>) v;
  }

  private static Sender<Object> optionalSender(Map<?, ?> m, String key) throws Malformed {
    return m.get(key) == null ? null : sender(m, key);
  }

  private static Receiver<?> receiver(Map<?, ?> m, String key) throws Malformed {
    Object v = m.get(key);
    if (!(v instanceof Receiver)) throw new Malformed("'" + key + "' must be a channel the server reads, got " + describe(v));
    return (Receiver<?>) v;
  }

  private static ByteStream byteStream(Map<?, ?> m, String key) throws Malformed {
    Object v = m.get(key);
    if (!(v instanceof ByteStream)) throw new Malformed("'" + key + "' must be a byte stream, got " + describe(v));
    return (ByteStream) v;
  }

  private static String describe(Object v) {
    if (v == null) return "nothing";
    if (v instanceof Sender) return "a channel the server writes";
    if (v instanceof Receiver) return "a channel the server reads";
    if (v instanceof ByteStream) return "a byte stream";
    if (v instanceof Map) return "a map";
    if (v instanceof java.util.List) return "an array";
    if (v instanceof byte[]) return "bytes";
    if (v instanceof String) return "a string";
    return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }

  /** A one-entry map that may hold null (sent as nil). */
  private static Map<String, Object> map(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(key, value);
    return m;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
