package org.libchan4j.js;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.libchan4j.EncodingException;
import org.libchan4j.internal.engine.Chan;
import org.libchan4j.js.internal.Js;
import org.teavm.jso.JSObject;

/**
 * Converts between JavaScript values and the engine's value trees (null, Boolean, Long, Double, String, byte[],
 * List, Map, Chan).
 *
 * <p>JavaScript to wire: a number that is an integer in -2^31..2^32-1 is an integer, any other number a float64;
 * a BigInt in that range is an integer; strings, booleans and null as themselves; {@code undefined} is null in an
 * array and dropped as an object property; an ArrayBuffer, typed array or DataView is bin; an array is an array; a
 * plain object is a map with string keys; a {@code Map} a map with any keys; this library's Sender, Receiver and
 * ByteStream are references (forwarded through a new channel when they cannot travel themselves, see
 * {@link Endpoint}). Other objects (class instances) are sent as their own enumerable properties, like
 * JSON does; functions, symbols, Dates, promises and regular expressions are refused.
 *
 * <p>Wire to JavaScript: integers and floats are numbers (integers beyond 2^53 lose precision), bin is a
 * Uint8Array, a map whose keys are all strings is a plain object, any other map a {@code Map}, references are
 * Sender, Receiver and ByteStream objects.
 */
final class Values {
  private Values() {}

  /**
   * The engine tree of a message. {@code refs} collects the ends it carries. Throws EncodingException for
   * anything that cannot travel, before anything is sent: in compat mode also a falsy message (jschan's end).
   */
  static Object toTree(Session session, JSObject value, List<Endpoint> refs) {
    Object tree = convert(session, value, refs, 0);
    String falsy = falsy(value, tree);
    if (falsy != null && (tree == null || !session.isExtended())) {
      // The extended mode sends false, 0 and "" as they are (PROTOCOL.md section 14.1), but never null.
      throw new EncodingException("cannot send " + falsy + (session.isExtended() ? ": a message is never null"
          : ": a jschan peer reads it as the end of the channel") + "; wrap it in an object or array");
    }
    return tree;
  }

  private static String falsy(JSObject value, Object tree) {
    if (tree == null) return Js.isUndefined(value) ? "undefined" : "null";
    if (Boolean.FALSE.equals(tree)) return "false";
    if (tree instanceof Long && (Long) tree == 0) return "0";
    if (tree instanceof Double && ((Double) tree == 0 || ((Double) tree).isNaN())) return String.valueOf(tree);
    if ("".equals(tree)) return "an empty string";
    return null;
  }

  private static Object convert(Session session, JSObject v, List<Endpoint> refs, int depth) {
    switch (Js.kindOf(v, Session.prototypes)) {
      case Js.UNDEFINED:
      case Js.NULL:
        return null;
      case Js.BOOLEAN:
        return Js.asBoolean(v);
      case Js.NUMBER:
        return Js.isWireInteger(v) ? (Object) (long) Js.asNumber(v) : (Object) Js.asNumber(v);
      case Js.BIGINT: {
        double d = Js.bigIntToNumber(v);
        if (Double.isNaN(d)) throw new EncodingException("cannot send the BigInt " + Js.asString(v)
            + ": a jschan peer reads integers only in -2^31..2^32-1");
        return (long) d;
      }
      case Js.STRING:
        return Js.asString(v);
      case Js.BYTES:
        return Js.bytesView(v).copyToJavaArray();
      case Js.ARRAY: {
        checkDepth(session, depth);
        int n = Js.length(v);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(convert(session, Js.get(v, i), refs, depth + 1));
        return list;
      }
      case Js.MAP: {
        checkDepth(session, depth);
        JSObject entries = Js.mapEntries(v);
        int n = Js.length(entries);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          JSObject entry = Js.get(entries, i);
          Object key = convert(session, Js.get(entry, 0), refs, depth + 1);
          if (key instanceof Chan) throw new EncodingException("a channel or byte stream cannot be a map key");
          map.put(key, convert(session, Js.get(entry, 1), refs, depth + 1));
        }
        return map;
      }
      case Js.OBJECT: {
        checkDepth(session, depth);
        JSObject keys = Js.keys(v);
        int n = Js.length(keys);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          String key = Js.asString(Js.get(keys, i));
          JSObject item = Js.prop(v, key);
          if (Js.isUndefined(item)) continue;
          map.put(key, convert(session, item, refs, depth + 1));
        }
        return map;
      }
      case Js.LIB: {
        Endpoint.claimed = null;
        Js.claim(v);
        Endpoint end = Endpoint.claimed;
        Endpoint.claimed = null;
        if (end == null) throw new EncodingException("a Session cannot be sent in a message");
        for (Endpoint ref : refs) {
          if (ref == end || ref.source == end) {
            throw new EncodingException("the same " + end.kind() + " appears twice in the message; a channel"
                + " travels once");
          }
        }
        String why = end.whyNotTransferable();
        if (why != null) throw new EncodingException(why);
        if (!end.travels || end.session != session) end = session.forwarder(end);
        refs.add(end);
        return end.chan;
      }
      default:
        throw new EncodingException("cannot send " + Js.describe(v) + ": messages hold null, booleans, numbers,"
            + " strings, Uint8Arrays, arrays, plain objects, Maps, and Sender, Receiver or ByteStream objects");
    }
  }

  private static void checkDepth(Session session, int depth) {
    // The frame's own map is depth 1 and its data value depth 2 (PROTOCOL.md section 6.8).
    int max = session.limits.maxDepth() - 1;
    if (depth + 1 > max) {
      throw new EncodingException("message nested deeper than " + max + " arrays and objects (the peer's maxDepth"
          + " counts the frame too); a cycle?");
    }
  }

  /** The JavaScript value of a received tree. */
  static JSObject toJs(Object v) {
    if (v == null) return Js.nullValue();
    if (v instanceof String) return Js.fromString((String) v);
    if (v instanceof Long) return Js.fromNumber((Long) v);
    if (v instanceof Boolean) return Js.fromBoolean((Boolean) v);
    if (v instanceof Number) return Js.fromNumber(((Number) v).doubleValue());
    if (v instanceof byte[]) return Js.toUint8Array((byte[]) v);
    if (v instanceof List) {
      JSObject array = Js.newArray();
      for (Object item : (List<?>) v) Js.push(array, toJs(item));
      return array;
    }
    if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      boolean stringKeys = true;
      for (Object key : map.keySet()) stringKeys &= key instanceof String;
      JSObject out = stringKeys ? Js.newObject() : Js.newMap();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (stringKeys) Js.put(out, (String) e.getKey(), toJs(e.getValue()));
        else Js.mapSet(out, toJs(e.getKey()), toJs(e.getValue()));
      }
      return out;
    }
    if (v instanceof Chan) return Session.js(((Chan) v).attachment);
    throw new IllegalStateException("unexpected value in a received message: " + v.getClass().getName());
  }
}
