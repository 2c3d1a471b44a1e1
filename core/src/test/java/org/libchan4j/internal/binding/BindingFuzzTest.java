package org.libchan4j.internal.binding;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import org.libchan4j.ByteStream;
import org.libchan4j.EncodingException;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;
import org.libchan4j.internal.binding.Fakes.FakeResolver;
import org.libchan4j.internal.binding.Fakes.InRef;
import org.libchan4j.internal.msgpack.ExtDecoder;
import org.libchan4j.internal.msgpack.MsgpackException;
import org.libchan4j.internal.msgpack.MsgpackLimits;
import org.libchan4j.internal.msgpack.MsgpackReader;

/**
 * Fuzzes typed binding ({@link Binder#fromTree}) with hostile trees: any msgpack the reader accepts (ext 1 and 2
 * become references, as the engine's decoder makes them), bound to records with nested lists, maps with typed
 * keys, generics, arrays, enums, {@code byte[]}, every numeric type and Sender/Receiver/ByteStream/stream fields
 * (regression mode replays {@code BindingFuzzTestInputs/}). Invariants: binding returns or throws a
 * {@link BindingException}, whose cause (if any) is a data error (Gson's {@link JsonParseException}, a
 * {@link NumberFormatException}, a {@link BindingException} or the resolver's refusal), never a bug's
 * (NullPointerException, ClassCastException, IllegalStateException...); what binds writes back with
 * {@link Binder#toTree} (or refuses, as documented, an integer beyond 64-bit range) to a tree that binds again to
 * the same tree (binding normalizes once, then is stable).
 * Memory: the fuzzing JVM's heap is small (core/pom.xml).
 */
class BindingFuzzTest {
  enum Color { RED, GREEN, BLUE }

  record Item(String name, int count, long big, double ratio, float f, boolean flag, byte[] data, Color color) {}

  record Numbers(byte b, short s, char c, Integer boxed, Long l, BigInteger bi, BigDecimal bd, Double d) {}

  record Nested(List<Item> items, Map<String, Item> byName, Map<Integer, List<String>> index,
      SortedMap<Long, Color> sorted, Set<String> tags, Item[] array, int[] ints, List<List<byte[]>> blobs) {}

  record Refs(Sender<Item> reply, Receiver<List<Item>> feed, ByteStream stream, InputStream in, OutputStream out,
      List<Sender<String>> replies, Map<String, Receiver<Item>> feeds) {}

  record Generic<T>(T value, List<T> values, Map<String, T> named) {}

  record Loose(Object any, Map<String, Object> extra, List<Object> list, Map<?, ?> wild) {}

  record Tree(String name, List<Tree> children, Sender<Tree> parent) {}

  /** Declared types the fuzzer picks from: records, generic instantiations, containers and scalars. */
  private static final Type[] TYPES = {
    Item.class, Numbers.class, Nested.class, Refs.class, new TypeToken<Generic<Item>>() {}.getType(),
    new TypeToken<Generic<Sender<Long>>>() {}.getType(), new TypeToken<Generic<List<Map<String, byte[]>>>>() {}.getType(),
    Loose.class, Tree.class, new TypeToken<List<Refs>>() {}.getType(), new TypeToken<Map<Color, Nested>>() {}.getType(),
    new TypeToken<Map<String, Object>>() {}.getType(), new TypeToken<List<Object>>() {}.getType(), Object.class,
    byte[].class, String.class, int.class, Color.class, new TypeToken<Sender<Item>>() {}.getType(),
    ByteStream.class,
  };

  private static final Binder DEFAULT = new Binder(null, new FakeResolver());
  private static final Binder CONFIGURED = new Binder(new GsonBuilder().serializeNulls()
      .setFieldNamingPolicy(com.google.gson.FieldNamingPolicy.UPPER_CAMEL_CASE).enableComplexMapKeySerialization(),
      new FakeResolver());

  @FuzzTest
  @DictionaryEntries({"name", "count", "big", "ratio", "flag", "data", "color", "RED", "items", "byName", "index",
      "sorted", "tags", "array", "ints", "blobs", "reply", "feed", "stream", "in", "out", "replies", "feeds",
      "value", "values", "named", "any", "extra", "list", "wild", "children", "parent", "Name", "Count"})
  void bind(FuzzedDataProvider data) {
    Type type = data.pickValue(TYPES);
    Binder binder = data.consumeBoolean() ? DEFAULT : CONFIGURED;
    byte[] input = data.consumeRemainingAsBytes();
    Object tree;
    try {
      tree = new MsgpackReader(MsgpackLimits.DEFAULT, refs()).readOnly(input, 0, input.length);
    } catch (MsgpackException e) {
      return; // the engine refuses such a frame before binding
    }
    Object bound = bindChecked(binder, tree, type);
    if (bound == null) return; // refused, or a null message: nothing to write back
    Object written;
    try {
      written = binder.toTree(bound, type);
    } catch (EncodingException e) {
      // documented: a uint64 above Long.MAX_VALUE reads into a BigInteger (or an untyped position) but only
      // integers within long range and exact doubles are written (Binder.toTree)
      if (!String.valueOf(e.getMessage()).contains("64")) throw e;
      return;
    }
    Object again = bindChecked(binder, asInbound(written), type);
    if (again == null) throw new AssertionError("the written tree of an accepted " + type.getTypeName() + " was refused");
    Object rewritten = binder.toTree(again, type);
    if (!treeEquals(written, rewritten)) {
      throw new AssertionError("binding is not stable for " + type.getTypeName() + ": " + written + " then " + rewritten);
    }
  }

  /** The bound value, or null if binding refused it with a documented exception. */
  private static Object bindChecked(Binder binder, Object tree, Type type) {
    try {
      return binder.fromTree(tree, type);
    } catch (BindingException e) {
      Throwable cause = e.getCause();
      if (cause != null && !(cause instanceof BindingException) && !(cause instanceof JsonParseException)
          && !(cause instanceof NumberFormatException) && !isResolverRefusal(cause)) {
        throw new AssertionError("binding " + type.getTypeName() + " failed with an unexpected cause", e);
      }
      return null;
    }
  }

  /** {@link FakeResolver} refuses a kind that does not fit with this IllegalArgumentException. */
  private static boolean isResolverRefusal(Throwable t) {
    return t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("but the peer sent");
  }

  /** Ext 1 and 2 become references, as the engine's decoder makes them; other ext types are refused there too. */
  private static ExtDecoder refs() {
    return (type, buf, offset, length) -> {
      if (type == 1 && length >= 1) {
        return new InRef((buf[offset] & 1) == 0 ? OutRef.Kind.SENDER : OutRef.Kind.RECEIVER, length);
      }
      if (type == 2) {
        OutRef.Kind[] streams = {OutRef.Kind.BYTE_STREAM, OutRef.Kind.INPUT_STREAM, OutRef.Kind.OUTPUT_STREAM};
        return new InRef(streams[length % 3], length);
      }
      throw new org.libchan4j.internal.msgpack.MsgpackFormatException("unknown ext type " + type, offset);
    };
  }

  /** What the peer receives for a written tree: every {@link OutRef} as an inbound reference of its kind. */
  private static Object asInbound(Object tree) {
    if (tree instanceof OutRef) return new InRef(((OutRef) tree).kind(), 0);
    if (tree instanceof Map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      ((Map<?, ?>) tree).forEach((k, v) -> out.put(asInbound(k), asInbound(v)));
      return out;
    }
    if (tree instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object v : (List<?>) tree) out.add(asInbound(v));
      return out;
    }
    return tree;
  }

  /** Trees equal by value: bin by content, references by kind, numbers by type and value (NaN equals NaN). */
  private static boolean treeEquals(Object a, Object b) {
    if (a instanceof byte[] && b instanceof byte[]) return Arrays.equals((byte[]) a, (byte[]) b);
    if (a instanceof OutRef && b instanceof OutRef) return ((OutRef) a).kind() == ((OutRef) b).kind();
    if (a instanceof Map && b instanceof Map) {
      Map<?, ?> x = (Map<?, ?>) a;
      Map<?, ?> y = (Map<?, ?>) b;
      if (x.size() != y.size()) return false;
      var ix = x.entrySet().iterator();
      var iy = y.entrySet().iterator();
      while (ix.hasNext()) {
        var ex = ix.next();
        var ey = iy.next();
        if (!treeEquals(ex.getKey(), ey.getKey()) || !treeEquals(ex.getValue(), ey.getValue())) return false;
      }
      return true;
    }
    if (a instanceof List && b instanceof List) {
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) if (!treeEquals(x.get(i), y.get(i))) return false;
      return true;
    }
    return Objects.equals(a, b);
  }
}
