package org.libchan4j.internal.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.internal.Threads;
import org.libchan4j.internal.binding.OutRef;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.internal.engine.ChanHandler;
import org.libchan4j.internal.engine.Engine;

/**
 * Internal: wires the local objects a message carries (pipes, senders, receivers, byte streams, Java streams) to
 * the new channels that carry them to the peer, and copies between them. {@link #replaceRefs} runs under the
 * session's lock; what it collects in {@code started} runs after it.
 */
final class RefWiring {
  private static final System.Logger LOG = System.getLogger(RefWiring.class.getName());

  private final SessionImpl session;
  private final Engine engine;
  private final Executor userExecutor;
  private ExecutorService ownExecutor; // guarded by this
  private boolean shutDown; // guarded by this

  RefWiring(SessionImpl session, Engine engine, Executor userExecutor) {
    this.session = session;
    this.engine = engine;
    this.userExecutor = userExecutor;
  }

  /** The session ended: the copy threads this created stop. */
  void shutdown() {
    ExecutorService own;
    synchronized (this) {
      shutDown = true;
      own = ownExecutor;
    }
    if (own != null) own.shutdownNow();
  }

  /**
   * Replaces every {@link OutRef} in a freshly built tree (in place) by an unbound {@link Chan} wired to the local
   * object; what must start once the message is on the wire goes into {@code started}.
   */
  @SuppressWarnings("unchecked")
  Object replaceRefs(Object tree, List<Runnable> started) {
    if (tree instanceof OutRef) return wire((OutRef) tree, started);
    if (tree instanceof Map) {
      for (Map.Entry<Object, Object> e : ((Map<Object, Object>) tree).entrySet()) {
        Object v = e.getValue();
        if (v instanceof OutRef || v instanceof Map || v instanceof List) e.setValue(replaceRefs(v, started));
      }
    } else if (tree instanceof List) {
      for (ListIterator<Object> it = ((List<Object>) tree).listIterator(); it.hasNext(); ) {
        Object v = it.next();
        if (v instanceof OutRef || v instanceof Map || v instanceof List) it.set(replaceRefs(v, started));
      }
    }
    return tree;
  }

  @SuppressWarnings("unchecked")
  private Chan wire(OutRef ref, List<Runnable> started) {
    Type type = ref.elementType() == null ? Object.class : ref.elementType();
    switch (ref.kind()) {
      case SENDER: {
        // The peer writes; what arrives goes into the local sender.
        Sender<Object> target = (Sender<Object>) ref.target();
        MessageQueue queue;
        int capacity = -1;
        if (target instanceof PipeEnds.PipeSender) {
          queue = ((PipeEnds.PipeSender<?>) target).queue();
          capacity = (int) Math.min(Integer.MAX_VALUE, queue.capacity());
        } else {
          queue = new MessageQueue(Long.MAX_VALUE);
          PipeEnds.PipeReceiver<Object> source = new PipeEnds.PipeReceiver<>(queue);
          started.add(() -> Pump.start(source, target));
        }
        Chan chan = engine.newUnbound(Chan.Kind.IN, null, capacity);
        chan.setHandler(new QueueDelivery(queue, () -> type));
        queue.onClose(() -> session.ops.end(chan)); // the local reader stopped: cancel the channel (extended mode)
        return chan;
      }
      case RECEIVER: {
        // The peer reads; what the local receiver yields is sent on the new channel.
        Receiver<Object> source = (Receiver<Object>) ref.target();
        Chan chan = engine.newUnbound(Chan.Kind.OUT, null);
        RemoteSender<Object> out = new RemoteSender<>(session, chan).typed(type);
        chan.setHandler(out);
        chan.attachment = out;
        started.add(() -> Pump.start(source, out));
        return chan;
      }
      case BYTE_STREAM: {
        Object target = ref.target();
        if (target instanceof PipeByteStream) {
          // The peer takes this end's place: its bytes reach the other end, the other end's bytes reach it.
          PipeByteStream end = (PipeByteStream) target;
          StreamHandler delivery = streamChan(end.outbound());
          started.add(() -> redirect(end.inbound(), delivery.out));
          return delivery.chan;
        }
        ByteStream stream = (ByteStream) target;
        StreamHandler delivery = streamChan(new ByteQueue(session.account()));
        started.add(() -> {
          copyAsync(delivery.in.input(), stream.output());
          copyAsync(stream.input(), delivery.out);
        });
        return delivery.chan;
      }
      case INPUT_STREAM: {
        InputStream source = (InputStream) ref.target();
        ByteQueue ignored = new ByteQueue(null);
        ignored.close();
        StreamHandler delivery = streamChan(ignored);
        started.add(() -> copyAsync(source, delivery.out));
        return delivery.chan;
      }
      case OUTPUT_STREAM: {
        OutputStream target = (OutputStream) ref.target();
        StreamHandler delivery = streamChan(new ByteQueue(session.account()));
        started.add(() -> {
          delivery.out.abandon();
          copyAsync(delivery.in.input(), target);
        });
        return delivery.chan;
      }
      default:
        throw new IllegalStateException("unknown reference kind " + ref.kind());
    }
  }

  private static void redirect(ByteQueue queue, ChanOutputStream sink) {
    try {
      queue.redirect(sink);
    } catch (IOException e) {
      queue.fail(e);
    }
  }

  /** Copies a blocking stream on the executor, closing the target at the end. */
  private void copyAsync(InputStream from, OutputStream to) {
    executor().execute(() -> {
      byte[] buf = new byte[ChanOutputStream.CHUNK];
      try (InputStream in = from; OutputStream out = to) {
        for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "byte stream copy stopped: " + e);
      }
    });
  }

  private Executor executor() {
    if (userExecutor != null) return userExecutor;
    synchronized (this) {
      if (ownExecutor == null) {
        ExecutorService pool = Threads.newExecutor("libchan4j-copy-", 30);
        ownExecutor = pool;
        if (shutDown) pool.shutdown();
      }
      return ownExecutor;
    }
  }

  // ------------------------------------------------------------------ deliveries into local objects

  /** Delivers a channel's messages into a queue (a pipe handed to the peer, or a forwarding buffer). */
  private final class QueueDelivery implements ChanHandler {
    private final MessageQueue queue;
    private final Supplier<Type> type;

    QueueDelivery(MessageQueue queue, Supplier<Type> type) {
      this.queue = queue;
      this.type = type;
    }

    @Override
    public void onData(Chan chan, Object data, int wireBytes) {
      session.defer(queue.offer(new Inbound(session, chan, data, wireBytes, type)));
    }

    @Override
    public void onEnd(Chan chan) {
      session.defer(queue.end());
    }

    @Override
    public void onFailed(Chan chan, RuntimeException cause) {
      session.defer(queue.fail(cause));
    }
  }

  /** An unbound stream whose peer bytes go into {@code in}. */
  private StreamHandler streamChan(ByteQueue in) {
    Chan chan = engine.newUnbound(Chan.Kind.STREAM, null);
    StreamHandler handler = new StreamHandler(session, chan, in);
    chan.setHandler(handler);
    return handler;
  }
}
