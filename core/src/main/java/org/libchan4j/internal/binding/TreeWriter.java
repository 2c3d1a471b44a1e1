package org.libchan4j.internal.binding;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.libchan4j.EncodingException;

/**
 * A JsonWriter that builds the engine's tree instead of text, so every Gson adapter (built-in or the user's) writes
 * through it unchanged. Integers become Long, {@code float} Float, {@code double} Double (NaN and infinities
 * included: msgpack carries them); object members with a null value are dropped unless Gson's serializeNulls is on.
 * Our own adapters add {@link #ref} and {@link #bin}. One message per instance; not thread-safe.
 */
final class TreeWriter extends JsonWriter {
  private static final Writer UNWRITABLE = new Writer() {
    @Override public void write(char[] buf, int off, int len) { throw new AssertionError("TreeWriter writes no text"); }
    @Override public void flush() {}
    @Override public void close() {}
  };

  /** Open containers, outermost first: {@code Map<Object,Object>} or {@code List<Object>}. */
  private Object[] stack = new Object[16];
  /** For each open container, the member name it was put under (null when its parent is a list). */
  private String[] keys = new String[16];
  private int depth;
  private String pendingName;
  private Object product;
  private boolean done;

  TreeWriter() {
    super(UNWRITABLE);
  }

  /** The tree written; fails if the value is incomplete. */
  Object result() {
    if (depth != 0 || !done) throw new IllegalStateException("incomplete value at " + path());
    return product;
  }

  /** Writes a reference in place of a channel or stream object. */
  void ref(OutRef ref) {
    put(Objects.requireNonNull(ref, "ref"));
  }

  /** Writes a bin value. The array is kept, not copied: the tree is encoded before the call returns. */
  void bin(byte[] bytes) {
    put(Objects.requireNonNull(bytes, "bytes"));
  }

  /** Where the next value goes, as {@code $.member[index]}: used in error messages. */
  String path() {
    StringBuilder path = new StringBuilder("$");
    for (int i = 1; i <= depth; i++) {
      Object parent = stack[i - 1];
      boolean last = i == depth;
      if (parent instanceof List) {
        int size = ((List<?>) parent).size();
        path.append('[').append(last ? size : size - 1).append(']');
      } else {
        String name = last ? pendingName : keys[i];
        if (name != null) path.append('.').append(name);
      }
    }
    return path.toString();
  }

  private void put(Object value) {
    if (depth == 0) {
      if (done) throw new IllegalStateException("a tree holds one top-level value");
      product = value;
      done = true;
      return;
    }
    Object top = stack[depth - 1];
    if (top instanceof List) {
      @SuppressWarnings("unchecked") List<Object> list = (List<Object>) top;
      list.add(value);
      return;
    }
    if (pendingName == null) throw new IllegalStateException("a value inside an object needs a name first");
    if (value != null || getSerializeNulls()) {
      @SuppressWarnings("unchecked") Map<Object, Object> map = (Map<Object, Object>) top;
      map.put(pendingName, value);
    }
    pendingName = null;
  }

  private void open(Object container) {
    String key = pendingName;
    put(container);
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
      keys = Arrays.copyOf(keys, depth * 2);
    }
    keys[depth] = key;
    stack[depth++] = container;
  }

  private void close(Class<?> kind) {
    if (depth == 0 || pendingName != null || !kind.isInstance(stack[depth - 1])) {
      throw new IllegalStateException("nothing to close at " + path());
    }
    stack[--depth] = null;
  }

  @Override
  public JsonWriter beginArray() {
    open(new ArrayList<>());
    return this;
  }

  @Override
  public JsonWriter endArray() {
    close(List.class);
    return this;
  }

  @Override
  public JsonWriter beginObject() {
    open(new LinkedHashMap<>());
    return this;
  }

  @Override
  public JsonWriter endObject() {
    close(Map.class);
    return this;
  }

  @Override
  public JsonWriter name(String name) {
    Objects.requireNonNull(name, "name == null");
    if (depth == 0 || pendingName != null || !(stack[depth - 1] instanceof Map)) {
      throw new IllegalStateException("a name is only valid inside an object, before its value");
    }
    pendingName = name;
    return this;
  }

  @Override
  public JsonWriter value(String value) {
    put(value);
    return this;
  }

  @Override
  public JsonWriter value(boolean value) {
    put(value);
    return this;
  }

  @Override
  public JsonWriter value(Boolean value) {
    put(value);
    return this;
  }

  @Override
  public JsonWriter value(float value) {
    put(value);
    return this;
  }

  @Override
  public JsonWriter value(double value) {
    put(value);
    return this;
  }

  @Override
  public JsonWriter value(long value) {
    put(value);
    return this;
  }

  @Override
  public JsonWriter value(Number value) {
    put(value == null ? null : number(value));
    return this;
  }

  @Override
  public JsonWriter nullValue() {
    put(null);
    return this;
  }

  /** Raw JSON from a user adapter: parsed and written as the tree it denotes. */
  @Override
  public JsonWriter jsonValue(String value) throws IOException {
    if (value == null) return nullValue();
    JsonElementAdapter.INSTANCE.write(this, JsonParser.parseString(value));
    return this;
  }

  @Override
  public void flush() {}

  @Override
  public void close() throws IOException {
    if (depth != 0) throw new IOException("incomplete value at " + path());
  }

  /** Long for integers, Float/Double kept; other Numbers (BigDecimal, Gson's lazily parsed ones) if exact. */
  private Object number(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
        || n instanceof AtomicInteger || n instanceof AtomicLong) {
      return n.longValue();
    }
    if (n instanceof Double || n instanceof Float) return n;
    if (n instanceof BigInteger) {
      if (((BigInteger) n).bitLength() < 64) return n.longValue();
      throw new EncodingException("cannot encode " + path() + ": integer " + n + " does not fit in 64 bits");
    }
    BigDecimal decimal;
    if (n instanceof BigDecimal) {
      decimal = (BigDecimal) n;
    } else {
      String text = n.toString();
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException notLong) {
        try {
          decimal = new BigDecimal(text);
        } catch (NumberFormatException notDecimal) {
          return n.doubleValue(); // "NaN", "Infinity"
        }
      }
    }
    BigDecimal integral = decimal.stripTrailingZeros();
    if (integral.scale() <= 0 && integral.precision() - integral.scale() <= 19) {
      try {
        return integral.longValueExact();
      } catch (ArithmeticException beyondLong) {
        // falls through to double
      }
    }
    double d = decimal.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(decimal) == 0) return d;
    throw new EncodingException("cannot encode " + path() + ": " + n + " is neither a 64-bit integer nor exactly a"
        + " double");
  }

  /** Gson's JsonElement adapter, for {@link #jsonValue}. */
  private static final class JsonElementAdapter {
    static final TypeAdapter<JsonElement> INSTANCE = new Gson().getAdapter(JsonElement.class);
  }
}
