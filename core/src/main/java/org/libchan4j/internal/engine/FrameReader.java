package org.libchan4j.internal.engine;

import java.util.List;
import java.util.Map;
import org.libchan4j.CloseCodes;
import org.libchan4j.Limits;
import org.libchan4j.ProtocolException;
import org.libchan4j.internal.msgpack.ExtDecoder;
import org.libchan4j.internal.msgpack.MsgpackException;
import org.libchan4j.internal.msgpack.MsgpackLimitException;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;

/** Internal: reads the frames of an inbound transport message and checks their envelope (map, id, fields). */
final class FrameReader {
  private final MsgpackReader r;
  private int size;

  FrameReader(Limits limits, ExtDecoder refs) {
    this.r = new MsgpackReader(codecLimits(limits), refs);
  }

  private static MsgpackLimits codecLimits(Limits limits) {
    return new MsgpackLimits(limits.maxDepth(), limits.maxContainerSize(), limits.maxStringBytes(),
        limits.maxBinBytes());
  }

  void reset(byte[] buf, int off, int len) {
    r.reset(buf, off, len);
  }

  boolean hasRemaining() {
    return r.hasRemaining();
  }

  /** The next frame, a map; {@link #size} is then its encoded size. */
  Map<?, ?> next() {
    int start = r.position();
    Object frame;
    try {
      frame = r.read();
    } catch (MsgpackLimitException e) {
      throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, e.getMessage(), e);
    } catch (MsgpackException e) {
      // A reference Refs rejected arrives wrapped by the reader: report the protocol error itself.
      if (e.getCause() instanceof ProtocolException) throw (ProtocolException) e.getCause();
      throw new ProtocolException(CloseCodes.INVALID_DATA, "malformed frame: " + e.getMessage(), e);
    }
    size = r.position() - start;
    if (!(frame instanceof Map)) throw Engine.protocol("frame is not a map: " + describe(frame));
    return (Map<?, ?>) frame;
  }

  /** The encoded size of the frame {@link #next} returned. */
  int size() {
    return size;
  }

  /** The frame's id, checked to be an integer in 0..2^32-1. */
  static long id(Map<?, ?> map) {
    Object idValue = map.get(FrameWriter.ID);
    if (!(idValue instanceof Long)) {
      throw Engine.protocol(idValue == null ? "frame without an id" : "frame id is not an integer: " + describe(idValue));
    }
    long id = (Long) idValue;
    if (id < 0 || id > FrameWriter.MAX_ID) throw Engine.protocol("frame id " + id + " is outside 0..2^32-1");
    return id;
  }

  /** The frame's parent, checked to be an integer or nil; {@code null} for nil or absent. */
  static Long parent(Map<?, ?> map) {
    Object parent = map.get(FrameWriter.PARENT);
    if (parent != null && !(parent instanceof Long)) {
      throw Engine.protocol("frame parent is not an integer or nil: " + describe(parent));
    }
    return (Long) parent;
  }

  /** Field {@code key}, checked to be an integer in {@code min..max}. */
  static long longField(Map<?, ?> map, String key, long min, long max) {
    Object v = map.get(key);
    if (!(v instanceof Long) || (Long) v < min || (Long) v > max) {
      throw Engine.protocol("field " + key + " must be an integer in " + min + ".." + max + ", not " + describe(v));
    }
    return (Long) v;
  }

  /** True for a resume token: a string of 1..128 characters. */
  static boolean isToken(Object tok) {
    return tok instanceof String && !((String) tok).isEmpty() && ((String) tok).length() <= 128;
  }

  /** Compat mode: extra keys are ignored, but a reference in one would open a channel nobody can see. */
  static void checkNoRefOutsideData(Map<?, ?> map) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!FrameWriter.DATA.equals(e.getKey()) && containsRef(e.getValue())) {
        throw Engine.protocol("reference outside data");
      }
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

  /** See {@link Engine#readResume}. */
  static Engine.ResumeRequest readResume(byte[] message, Limits limits) {
    MsgpackReader r = new MsgpackReader(codecLimits(limits), null);
    Object frame;
    try {
      r.reset(message, 0, message.length);
      if (!r.hasRemaining()) return null;
      frame = r.read();
    } catch (MsgpackException e) {
      return null; // not ours to judge: the session that opens will report it
    }
    if (!(frame instanceof Map) || !"resume".equals(((Map<?, ?>) frame).get(FrameWriter.T))) return null;
    Map<?, ?> map = (Map<?, ?>) frame;
    if (r.hasRemaining()) throw Engine.protocol("a resume frame must be alone in its message");
    Object tok = map.get("tok");
    if (!isToken(tok)) throw Engine.protocol("resume frame without a valid tok");
    return new Engine.ResumeRequest((String) tok, longField(map, "n", 0, FrameWriter.MAX_ID));
  }

  /** A short description of a decoded value's type, for error messages. */
  static String describe(Object value) {
    if (value == null) return "nil";
    if (value instanceof byte[]) return "bin (" + ((byte[]) value).length + " bytes)";
    if (value instanceof String) return "string";
    if (value instanceof Map) return "map";
    if (value instanceof List) return "array";
    if (value instanceof Chan) return "a reference";
    // The simple name from getName: getSimpleName would add its own code to the browser bundle (the same text for
    // the top-level classes a frame decodes to: Boolean, Long, BigInteger, Float, Double).
    String name = value.getClass().getName();
    return name.substring(name.lastIndexOf('.') + 1).toLowerCase();
  }
}
