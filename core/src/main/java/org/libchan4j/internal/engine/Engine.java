package org.libchan4j.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.libchan4j.ChanException;
import org.libchan4j.CloseCodes;
import org.libchan4j.EncodingException;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.msgpack.ExtDecoder;
import org.libchan4j.internal.msgpack.ExtEncoder;
import org.libchan4j.internal.msgpack.MsgpackEncodeException;
import org.libchan4j.internal.msgpack.MsgpackException;
import org.libchan4j.internal.msgpack.MsgpackExt;
import org.libchan4j.internal.msgpack.MsgpackLimitException;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackProfile;
import org.libchan4j.internal.msgpack.MsgpackReader;
import org.libchan4j.internal.msgpack.MsgpackWriter;

/**
 * Internal: the sans-I/O libchan session engine in the jschan-compatible framing (PROTOCOL.md). Transport messages
 * go in through {@link #receive}; frames come out through {@link Output}; deliveries go to each channel's
 * {@link ChanHandler}. Single-threaded: the owner serialises every call (the JVM session holds a lock, the browser
 * has one thread). A {@link ProtocolException} thrown by {@code receive} means the session must end: the owner then
 * calls {@link #close}.
 */
public final class Engine {

  /** Where encoded frames go: one call per transport message, in order. */
  public interface Output {
    void send(byte[] message);
  }

  /** Session-level events. */
  public interface Listener {
    /** The peer opened a top-level channel; set its handler before returning. */
    void onInboundChannel(Chan chan);

    /** A reference arrived inside a message; set its handler (and attachment) before returning. */
    void onReference(Chan chan);
  }

  private static final String ID = "id";
  private static final String DATA = "data";
  private static final String PARENT = "parent";
  private static final long MAX_ID = 0xFFFFFFFFL;
  private static final int RECENTLY_ENDED = 4096;
  private static final Object END = new Object();

  private final boolean client;
  private final Limits limits;
  private final Listener listener;
  private final Output output;
  private final MsgpackReader reader;
  private final MsgpackWriter writer;
  private final Map<Long, Chan> table = new HashMap<>();
  private final Map<Long, List<Object>> pending = new HashMap<>();
  private final LinkedHashSet<Long> recentlyEnded = new LinkedHashSet<>();
  private final List<Chan> boundThisMessage = new ArrayList<>();
  private final List<Chan> refsThisFrame = new ArrayList<>();
  private long nextId;
  private int pendingFrames;
  private Chan sendingOn;
  private RuntimeException closedCause;

  public Engine(boolean client, Limits limits, Listener listener, Output output) {
    this.client = client;
    this.limits = limits;
    this.listener = listener;
    this.output = output;
    this.nextId = client ? 1 : 2;
    MsgpackLimits codecLimits = new MsgpackLimits(
        limits.maxDepth(), limits.maxContainerSize(), limits.maxStringBytes(), limits.maxBinBytes());
    this.reader = new MsgpackReader(codecLimits, new RefDecoder());
    this.writer = new MsgpackWriter(MsgpackProfile.JSCHAN, new RefEncoder());
  }

  // ---------------------------------------------------------------- local operations

  /** Opens a top-level channel this side writes. */
  public Chan openChannel(ChanHandler handler) {
    checkOpen();
    Chan chan = new Chan(Chan.Kind.OUT, handler);
    bind(chan, Chan.UNBOUND);
    return chan;
  }

  /**
   * Creates a channel or stream to be handed to the peer inside a message. It gets its id when the message is sent
   * ({@link #send}); IN means this side will read it (a return channel), OUT that this side writes it.
   */
  public Chan newUnbound(Chan.Kind kind, ChanHandler handler) {
    return new Chan(kind, handler);
  }

  /**
   * Sends one message on an OUT channel. Unbound {@link Chan}s anywhere in {@code data} are given ids and enter the
   * table; if encoding fails nothing is sent and they stay unbound.
   *
   * @throws EncodingException the value cannot be encoded for a jschan peer
   */
  public void send(Chan chan, Object data) {
    checkOpen();
    if (chan.kind != Chan.Kind.OUT) throw new IllegalArgumentException(chan + " is not written by this side");
    if (chan.localEnded) throw new org.libchan4j.ChannelClosedException(chan + " is already ended");
    String falsy = Falsy.describe(data);
    if (falsy != null) {
      throw new EncodingException("cannot send " + falsy + ": a jschan peer reads it as the end of the channel;"
          + " wrap it in a map or list");
    }
    writer.reset();
    boundThisMessage.clear();
    sendingOn = chan;
    try {
      boolean first = !chan.firstSent;
      writer.writeMapHeader(first ? 3 : 2);
      writer.writeString(ID);
      writer.writeInt(chan.id);
      writer.writeString(DATA);
      writer.write(data);
      if (first) {
        writer.writeString(PARENT);
        if (chan.parent < 0) writer.writeNil(); else writer.writeInt(chan.parent);
      }
    } catch (RuntimeException e) {
      for (Chan bound : boundThisMessage) unbind(bound);
      boundThisMessage.clear();
      if (e instanceof MsgpackEncodeException) throw new EncodingException(e.getMessage(), e);
      throw e;
    } finally {
      sendingOn = null;
    }
    if (writer.size() > limits.maxMessageBytes()) {
      for (Chan bound : boundThisMessage) unbind(bound);
      boundThisMessage.clear();
      throw new EncodingException("message of " + writer.size() + " bytes exceeds maxMessageBytes "
          + limits.maxMessageBytes());
    }
    boundThisMessage.clear();
    chan.firstSent = true;
    output.send(writer.toByteArray());
  }

  /** Sends a chunk on a bound stream. */
  public void sendBytes(Chan stream, byte[] bytes, int off, int len) {
    checkOpen();
    if (stream.kind != Chan.Kind.STREAM || !stream.isBound()) throw new IllegalArgumentException(stream + " is not a bound stream");
    if (stream.localEnded) throw new org.libchan4j.ChannelClosedException(stream + " output is already ended");
    writer.reset();
    writer.writeMapHeader(2);
    writer.writeString(ID);
    writer.writeInt(stream.id);
    writer.writeString(DATA);
    writer.writeBin(bytes, off, len);
    output.send(writer.toByteArray());
  }

  /**
   * Ends what this side writes: an OUT channel (its id is freed) or this side's direction of a stream. For an IN
   * channel it stops delivery: later frames are dropped until the peer's END (compat mode cannot tell the peer).
   * Idempotent.
   */
  public void end(Chan chan) {
    if (closedCause != null || !chan.isBound()) {
      chan.localEnded = true;
      return;
    }
    if (chan.kind == Chan.Kind.IN) {
      chan.discarding = true;
      return;
    }
    if (chan.localEnded) return;
    chan.localEnded = true;
    writer.reset();
    if (chan.kind == Chan.Kind.OUT && !chan.firstSent) {
      // Nothing was written: carry the parent so the peer opens the channel and ends it at once.
      writer.writeMapHeader(2);
      writer.writeString(ID);
      writer.writeInt(chan.id);
      writer.writeString(PARENT);
      if (chan.parent < 0) writer.writeNil(); else writer.writeInt(chan.parent);
    } else {
      writer.writeMapHeader(1);
      writer.writeString(ID);
      writer.writeInt(chan.id);
    }
    output.send(writer.toByteArray());
    if (chan.kind == Chan.Kind.OUT || chan.remoteEnded) free(chan);
  }

  /** Ends the session: every open channel fails with {@code cause}; later calls throw it. Idempotent. */
  public void close(RuntimeException cause) {
    if (closedCause != null) return;
    closedCause = cause;
    List<Chan> open = new ArrayList<>(table.values());
    table.clear();
    pending.clear();
    pendingFrames = 0;
    for (Chan chan : open) {
      if (chan.handler != null) chan.handler.onFailed(chan, cause);
    }
  }

  public boolean isClosed() {
    return closedCause != null;
  }

  /** Channels and streams in the id table (both sides'). */
  public int openCount() {
    return table.size();
  }

  /** For tests: the next id to allocate (to reach the end of the id space). */
  void setNextIdForTest(long id) {
    nextId = id;
  }

  /** Frames held for references that have not arrived yet. */
  public int pendingFrameCount() {
    return pendingFrames;
  }

  // ---------------------------------------------------------------- inbound

  /**
   * Processes one transport message holding one or more whole frames.
   *
   * @throws ProtocolException the peer broke the protocol or a limit; the session must end with its close code
   */
  public void receive(byte[] buf, int off, int len) {
    checkOpen();
    if (len > limits.maxMessageBytes()) {
      throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
          "message of " + len + " bytes exceeds maxMessageBytes " + limits.maxMessageBytes());
    }
    if (len == 0) return; // carries no frame; tolerated as jschan's stream decoder does
    reader.reset(buf, off, len);
    while (reader.hasRemaining()) {
      int start = reader.position();
      Object frame;
      refsThisFrame.clear();
      try {
        frame = reader.read();
      } catch (MsgpackLimitException e) {
        throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, e.getMessage(), e);
      } catch (MsgpackException e) {
        // A reference the RefDecoder rejected arrives wrapped by the reader: report the protocol error itself.
        if (e.getCause() instanceof ProtocolException) throw (ProtocolException) e.getCause();
        throw new ProtocolException(CloseCodes.INVALID_DATA, "malformed frame: " + e.getMessage(), e);
      }
      int size = reader.position() - start;
      handleFrame(frame, size);
      if (!refsThisFrame.isEmpty()) replayPending();
    }
  }

  private void handleFrame(Object frame, int size) {
    if (!(frame instanceof Map)) {
      throw protocol("frame is not a map: " + describe(frame));
    }
    Map<?, ?> map = (Map<?, ?>) frame;
    Object idValue = map.get(ID);
    if (!(idValue instanceof Long)) {
      throw protocol(idValue == null ? "frame without an id" : "frame id is not an integer: " + describe(idValue));
    }
    long id = (Long) idValue;
    if (id < 0 || id > MAX_ID) throw protocol("frame id " + id + " is outside 0..2^32-1");
    boolean hasData = map.containsKey(DATA);
    if (map.size() > 1 + (hasData ? 1 : 0) + (map.containsKey(PARENT) ? 1 : 0)) checkNoRefOutsideData(map);
    Object data = map.get(DATA);
    Object item = !hasData || Falsy.describe(data) != null ? END : data;

    Chan chan = table.get(id);
    if (chan != null) {
      deliver(chan, item, size);
      return;
    }
    if (isOwnId(id)) throw protocol("frame for unknown id " + id);
    if (recentlyEnded.contains(id)) throw protocol("frame for id " + id + " after its END");
    Object parent = map.get(PARENT);
    if (parent != null && !(parent instanceof Long)) {
      throw protocol("frame parent is not an integer or nil: " + describe(parent));
    }
    if (map.containsKey(PARENT) && parent == null) {
      checkCapacity();
      chan = new Chan(Chan.Kind.IN, null);
      bind(chan, id);
      listener.onInboundChannel(chan);
      deliver(chan, item, size);
      return;
    }
    // Late rendezvous: data for a channel or stream whose reference has not arrived yet.
    if (pendingFrames >= limits.maxPendingFrames()) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "more than maxPendingFrames "
          + limits.maxPendingFrames() + " frames buffered for references that never arrived (last: id " + id + ")");
    }
    pending.computeIfAbsent(id, k -> new ArrayList<>()).add(item == END ? END : new Object[] {item, size});
    pendingFrames++;
  }

  /** Extra keys are ignored, but a reference in one would open a channel nobody can see. */
  private static void checkNoRefOutsideData(Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!DATA.equals(e.getKey()) && containsRef(e.getValue())) throw protocol("reference outside data");
    }
  }

  private static boolean containsRef(Object value) {
    if (value instanceof Chan) return true;
    if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (containsRef(e.getKey()) || containsRef(e.getValue())) return true;
      }
    } else if (value instanceof List) {
      for (Object v : (List<?>) value) if (containsRef(v)) return true;
    }
    return false;
  }

  private void deliver(Chan chan, Object item, int size) {
    switch (chan.kind) {
      case OUT:
        throw protocol("peer wrote to channel " + chan.id + ", which this side writes");
      case IN:
        if (item == END) {
          chan.remoteEnded = true;
          free(chan);
          chan.handler.onEnd(chan);
        } else if (!chan.discarding) {
          chan.handler.onData(chan, item, size);
        }
        return;
      case STREAM:
        if (chan.remoteEnded) throw protocol("frame for id " + chan.id + " after its END");
        if (item == END) {
          chan.remoteEnded = true;
          if (chan.localEnded) free(chan);
          chan.handler.onEnd(chan);
        } else if (!(item instanceof byte[])) {
          throw protocol("byte-stream chunk for id " + chan.id + " is not bin: " + describe(item));
        } else {
          chan.handler.onData(chan, item, size);
        }
        return;
      default:
        throw new IllegalStateException();
    }
  }

  private void replayPending() {
    // Copy: replaying may decode nothing new (pending items are already decoded), but keep the list stable.
    List<Chan> refs = new ArrayList<>(refsThisFrame);
    refsThisFrame.clear();
    for (Chan ref : refs) {
      List<Object> frames = pending.remove(ref.id);
      if (frames == null) continue;
      pendingFrames -= frames.size();
      for (Object f : frames) {
        if (closedCause != null || table.get(ref.id) != ref) return;
        if (f == END) {
          deliver(ref, END, 0);
        } else {
          Object[] pair = (Object[]) f;
          deliver(ref, pair[0], (Integer) pair[1]);
        }
      }
    }
  }

  // ---------------------------------------------------------------- id table

  private void bind(Chan chan, long id) {
    if (id == Chan.UNBOUND) {
      if (nextId > MAX_ID) {
        throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "id space exhausted: this side used all its 2^31 ids");
      }
      if (table.size() >= limits.maxOpenChannels()) {
        throw new ChanException("cannot open another channel or stream: maxOpenChannels "
            + limits.maxOpenChannels() + " are open in this session");
      }
      id = nextId;
      nextId += 2;
    }
    chan.id = id;
    table.put(id, chan);
  }

  private void unbind(Chan chan) {
    table.remove(chan.id);
    chan.id = Chan.UNBOUND;
    chan.parent = Chan.UNBOUND;
  }

  private void free(Chan chan) {
    table.remove(chan.id);
    if (!isOwnId(chan.id)) {
      recentlyEnded.add(chan.id);
      if (recentlyEnded.size() > RECENTLY_ENDED) {
        Iterator<Long> eldest = recentlyEnded.iterator();
        eldest.next();
        eldest.remove();
      }
    }
  }

  private boolean isOwnId(long id) {
    return ((id & 1) == 1) == client && (client || id != 0);
  }

  private void checkCapacity() {
    if (table.size() >= limits.maxOpenChannels()) {
      throw new ProtocolException(CloseCodes.POLICY_VIOLATION,
          "peer opened more than maxOpenChannels " + limits.maxOpenChannels() + " channels and streams");
    }
  }

  private void checkOpen() {
    if (closedCause != null) throw closedCause;
  }

  private static ProtocolException protocol(String message) {
    return new ProtocolException(CloseCodes.PROTOCOL_ERROR, message);
  }

  private static String describe(Object value) {
    if (value == null) return "nil";
    if (value instanceof byte[]) return "bin (" + ((byte[]) value).length + " bytes)";
    if (value instanceof String) return "string";
    if (value instanceof Map) return "map";
    if (value instanceof List) return "array";
    if (value instanceof Chan) return "a reference";
    return value.getClass().getSimpleName().toLowerCase();
  }

  // ---------------------------------------------------------------- references

  /** Encodes unbound and bound {@link Chan}s met while writing a message. */
  private final class RefEncoder implements ExtEncoder {
    @Override
    public MsgpackExt encode(Object value) {
      if (!(value instanceof Chan)) return null;
      Chan chan = (Chan) value;
      if (chan.isBound()) {
        throw new MsgpackEncodeException(chan + " is already open in this session; a channel travels once"
            + " (pipe it into a new one to hand it on)");
      }
      if (sendingOn == null) throw new MsgpackEncodeException("a reference can only be sent inside a message");
      bind(chan, Chan.UNBOUND);
      if (chan.kind == Chan.Kind.OUT) chan.parent = sendingOn.id;
      boundThisMessage.add(chan);
      long id = chan.id;
      if (chan.kind == Chan.Kind.STREAM) {
        return new MsgpackExt(2, new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
      }
      // Direction from the message sender's view: 1 = sender holds the write end, 2 = sender holds the read end.
      byte direction = chan.kind == Chan.Kind.OUT ? (byte) 1 : (byte) 2;
      return new MsgpackExt(1, new byte[] {direction, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
    }
  }

  /** Decodes ext 1 and 2 into {@link Chan}s, registering them as they are met. */
  private final class RefDecoder implements ExtDecoder {
    @Override
    public Object decode(int type, byte[] buf, int offset, int length) {
      Chan.Kind kind;
      int idAt;
      if (type == 1) {
        if (length != 5) throw protocol("channel reference of " + length + " bytes (expected 5)");
        int direction = buf[offset];
        if (direction == 1) kind = Chan.Kind.IN;
        else if (direction == 2) kind = Chan.Kind.OUT;
        else throw protocol("channel reference with direction " + direction + " (expected 1 or 2)");
        idAt = offset + 1;
      } else if (type == 2) {
        if (length != 4) throw protocol("byte-stream reference of " + length + " bytes (expected 4)");
        kind = Chan.Kind.STREAM;
        idAt = offset;
      } else {
        throw protocol("unknown ext type " + type + " (jschan framing has only 1 and 2)");
      }
      long id = ((buf[idAt] & 0xFFL) << 24) | ((buf[idAt + 1] & 0xFFL) << 16)
          | ((buf[idAt + 2] & 0xFFL) << 8) | (buf[idAt + 3] & 0xFFL);
      if (isOwnId(id)) {
        throw protocol("reference to id " + id + ", which this side allocated (an echoed channel:"
            + " forward a channel by piping it into a new one)");
      }
      if (table.containsKey(id)) throw protocol("reference to id " + id + ", which is already open");
      if (recentlyEnded.contains(id)) throw protocol("reference to id " + id + ", which has ended");
      checkCapacity();
      Chan chan = new Chan(kind, null);
      bind(chan, id);
      refsThisFrame.add(chan);
      listener.onReference(chan);
      if (chan.handler == null) throw new IllegalStateException("listener set no handler for " + chan);
      return chan;
    }
  }
}
