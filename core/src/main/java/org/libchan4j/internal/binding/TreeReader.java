package org.libchan4j.internal.binding;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A JsonReader that walks the engine's tree, so Gson's adapters (built-in or the user's) read it unchanged. Numbers
 * peek as NUMBER (Long, Float or Double); {@code nextString} on a number gives its decimal form; {@code nextInt}
 * and {@code nextLong} accept only integral values in range. A string is never read as a number, except a map key
 * promoted by {@link #promoteNameToValue} (keys of {@code Map<Integer,V>}). References and bin values peek as
 * STRING: our adapters take them with {@link #nextRaw}; anything else reading them fails with a message saying how
 * to declare the field. Mismatches throw {@link BindingException} naming the path.
 *
 * <p>One tree at a time. {@link #obtain} hands out a reader from a small shared pool and {@link #release} gives it
 * back: a {@link JsonReader} allocates a 1,024-char text buffer it never uses here, which was 40% of the bytes a
 * client allocated per received message before readers were reused.
 */
final class TreeReader extends JsonReader {
  private static final Reader UNREADABLE = new Reader() {
    @Override public int read(char[] buf, int off, int len) { throw new AssertionError("TreeReader reads no text"); }
    @Override public void close() {}
  };
  /** {@link #current} at the end of a container or of the document. */
  private static final Object END = new Object();
  /** {@link #current} when the next token is a member name. */
  private static final Object NAME = new Object();

  /** Free readers, picked by thread: a bind takes one with one atomic swap and gives it back with one CAS. */
  private static final AtomicReferenceArray<TreeReader> POOL = new AtomicReferenceArray<>(8);

  private RefResolver resolver;
  private Object root;
  private boolean rootConsumed;
  /** Open containers: a random-access List, or an Iterator over a map's entries. */
  private Object[] frames = new Object[8];
  /** List frames: index of the element being read. */
  private int[] indices = new int[8];
  /** Map frames: name of the member being (or last) read, kept for paths. */
  private String[] names = new String[8];
  /** Map frames: value of the member whose name was read, until it is consumed. */
  private Object[] values = new Object[8];
  private boolean[] valuePending = new boolean[8];
  private int depth;
  /** A map key being read as a value, see {@link #promoteNameToValue}. */
  private String promoted;

  /** @param resolver may be null: then nothing in the tree is a reference */
  TreeReader(Object tree, RefResolver resolver) {
    super(UNREADABLE);
    this.root = tree;
    this.resolver = resolver;
    setStrictness(Strictness.LENIENT); // lets ToNumberPolicy read NaN and infinities, which msgpack carries
  }

  /** A reader on {@code tree}, from the pool when one is free there; give it back with {@link #release}. */
  static TreeReader obtain(Object tree, RefResolver resolver) {
    int slot = (int) Thread.currentThread().getId() & (POOL.length() - 1);
    TreeReader reader = POOL.getAndSet(slot, null);
    if (reader == null) return new TreeReader(tree, resolver);
    reader.root = tree;
    reader.resolver = resolver;
    return reader;
  }

  /**
   * Forgets the tree (so the pool holds no message) and returns this reader to the pool; it must not be used
   * afterwards. Strictness is restored in case an adapter changed it.
   */
  void release() {
    close();
    Arrays.fill(frames, null);
    Arrays.fill(names, null);
    Arrays.fill(values, null);
    resolver = null;
    rootConsumed = false;
    setStrictness(Strictness.LENIENT);
    int slot = (int) Thread.currentThread().getId() & (POOL.length() - 1);
    POOL.compareAndSet(slot, null, this);
  }

  /** Resolves the references of this tree (the session's); null when nothing in it is one. */
  RefResolver resolver() {
    return resolver;
  }

  /** True for an inbound reference; the resolver is only asked about values that are not scalars. */
  boolean isRef(Object value) {
    return resolver != null && value != null && value != END && value != NAME && !(value instanceof String)
        && !(value instanceof Number) && !(value instanceof Boolean) && !(value instanceof byte[])
        && resolver.isRef(value);
  }

  /** The next value as it is in the tree, not consumed; the END/NAME markers are reported as mismatches. */
  Object peekRaw() {
    Object v = current();
    if (v == END || v == NAME) throw mismatch("a value", v);
    return v;
  }

  /** Consumes and returns the next value as it is in the tree (a whole subtree for a map or list). */
  Object nextRaw() {
    Object v = peekRaw();
    consumed();
    return v;
  }

  /**
   * Turns the next member name into a string value, so a key adapter can read it (Gson's own
   * JsonReaderInternalAccess only knows its own readers; {@link ContainerTypeAdapterFactory} calls this instead).
   */
  void promoteNameToValue() {
    promoted = nextName();
  }

  /** A failure at the current position: expected {@code what} but found {@code found}. */
  BindingException mismatch(String what, Object found) {
    if (found instanceof byte[] || isRef(found)) {
      return new BindingException("cannot bind " + getPath() + ": expected " + what + " but found "
          + describe(found) + "; references and bytes bind only to fields declared Sender, Receiver, ByteStream,"
          + " InputStream, OutputStream or byte[], or inside Map<String,Object> or List<Object> (not Object)");
    }
    return new BindingException("cannot bind " + getPath() + ": expected " + what + " but found " + describe(found));
  }

  private String describe(Object v) {
    if (v == END) {
      return "the end of the " + (depth == 0 ? "message" : frames[depth - 1] instanceof List ? "array" : "object");
    }
    if (v == NAME) return "a member name";
    if (v == null) return "null";
    if (v instanceof String) return "a string";
    if (v instanceof Boolean) return "a boolean";
    if (v instanceof Number) return "the number " + v;
    if (v instanceof byte[]) return "bytes";
    if (isRef(v)) return "a reference (channel or byte stream)";
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "an array";
    return "a " + v.getClass().getName() + " (not a tree value)";
  }

  /** Map keys as member names: strings as they are, bin as UTF-8, anything else by String.valueOf. */
  static String keyName(Object key) {
    if (key instanceof String) return (String) key;
    if (key instanceof byte[]) return new String((byte[]) key, StandardCharsets.UTF_8);
    return String.valueOf(key);
  }

  private Object current() {
    if (promoted != null) return promoted;
    if (depth == 0) return rootConsumed ? END : root;
    int i = depth - 1;
    Object frame = frames[i];
    if (frame instanceof List) {
      List<?> list = (List<?>) frame;
      return indices[i] < list.size() ? list.get(indices[i]) : END;
    }
    if (valuePending[i]) return values[i];
    return ((Iterator<?>) frame).hasNext() ? NAME : END;
  }

  private void consumed() {
    if (promoted != null) {
      promoted = null;
    } else if (depth == 0) {
      rootConsumed = true;
      root = null;
    } else if (frames[depth - 1] instanceof List) {
      indices[depth - 1]++;
    } else {
      valuePending[depth - 1] = false;
      values[depth - 1] = null;
    }
  }

  private JsonToken token(Object v) {
    if (v == END) {
      return depth == 0 ? JsonToken.END_DOCUMENT
          : frames[depth - 1] instanceof List ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    }
    if (v == NAME) return JsonToken.NAME;
    if (v == null) return JsonToken.NULL;
    if (v instanceof String) return JsonToken.STRING;
    if (v instanceof Number) return JsonToken.NUMBER;
    if (v instanceof Boolean) return JsonToken.BOOLEAN;
    if (v instanceof byte[] || isRef(v)) return JsonToken.STRING;
    if (v instanceof Map) return JsonToken.BEGIN_OBJECT;
    if (v instanceof List) return JsonToken.BEGIN_ARRAY;
    throw new BindingException("cannot bind " + getPath() + ": found " + describe(v));
  }

  private void push(Object frame) {
    if (depth == frames.length) {
      int n = depth * 2;
      frames = Arrays.copyOf(frames, n);
      indices = Arrays.copyOf(indices, n);
      names = Arrays.copyOf(names, n);
      values = Arrays.copyOf(values, n);
      valuePending = Arrays.copyOf(valuePending, n);
    }
    frames[depth] = frame;
    indices[depth] = 0;
    names[depth] = null;
    values[depth] = null;
    valuePending[depth] = false;
    depth++;
  }

  private void pop(boolean list) {
    Object v = current();
    if (v != END || promoted != null || depth == 0 || (frames[depth - 1] instanceof List) != list) {
      throw mismatch("the end of the " + (list ? "array" : "object"), v);
    }
    frames[--depth] = null;
    values[depth] = null;
    consumed();
  }

  @Override
  public JsonToken peek() {
    return token(current());
  }

  @Override
  public boolean hasNext() {
    return current() != END;
  }

  @Override
  public void beginArray() {
    Object v = current();
    if (token(v) != JsonToken.BEGIN_ARRAY) throw mismatch("an array", v);
    push(v instanceof RandomAccess ? v : new ArrayList<>((List<?>) v));
  }

  @Override
  public void endArray() {
    pop(true);
  }

  @Override
  public void beginObject() {
    Object v = current();
    if (token(v) != JsonToken.BEGIN_OBJECT) throw mismatch("an object", v);
    push(((Map<?, ?>) v).entrySet().iterator());
  }

  @Override
  public void endObject() {
    pop(false);
  }

  @Override
  public String nextName() {
    Object v = current();
    if (v != NAME) throw mismatch("a member name", v);
    int i = depth - 1;
    Map.Entry<?, ?> entry = (Map.Entry<?, ?>) ((Iterator<?>) frames[i]).next();
    names[i] = keyName(entry.getKey());
    values[i] = entry.getValue();
    valuePending[i] = true;
    return names[i];
  }

  @Override
  public String nextString() {
    Object v = current();
    String s;
    if (v instanceof String) {
      s = (String) v;
    } else if (v instanceof Number) {
      s = v.toString(); // Long, Double and Float print their exact decimal form
    } else {
      throw mismatch("a string", v);
    }
    consumed();
    return s;
  }

  @Override
  public boolean nextBoolean() {
    Object v = current();
    if (!(v instanceof Boolean)) throw mismatch("a boolean", v);
    consumed();
    return (Boolean) v;
  }

  @Override
  public void nextNull() {
    Object v = current();
    if (v != null) throw mismatch("null", v);
    consumed();
  }

  @Override
  public double nextDouble() {
    Object v = current();
    double d;
    if (v instanceof Number) {
      d = ((Number) v).doubleValue();
    } else if (v != null && v == promoted) {
      try {
        d = Double.parseDouble((String) v);
      } catch (NumberFormatException e) {
        throw mismatch("a number", v);
      }
    } else {
      throw mismatch("a number", v);
    }
    consumed();
    return d;
  }

  @Override
  public long nextLong() {
    long l = integral(Long.MIN_VALUE, Long.MAX_VALUE, "a long");
    consumed();
    return l;
  }

  @Override
  public int nextInt() {
    int i = (int) integral(Integer.MIN_VALUE, Integer.MAX_VALUE, "an int");
    consumed();
    return i;
  }

  /** The current value as an integer within [min, max], not consumed. */
  private long integral(long min, long max, String what) {
    Object v = current();
    if (v != null && v == promoted) {
      try {
        v = Long.parseLong((String) v);
      } catch (NumberFormatException e) {
        throw mismatch(what, v);
      }
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      long l = ((Number) v).longValue();
      if (l >= min && l <= max) return l;
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // 0x1p63 is the first double above Long.MAX_VALUE; the cast saturates, so compare before casting
      if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63 && (long) d >= min && (long) d <= max) return (long) d;
    }
    throw mismatch(what, v);
  }

  /** Gson's semantics: a name alone, a whole value (subtree included), or the end of the current container. */
  @Override
  public void skipValue() {
    Object v = current();
    if (v == NAME) {
      nextName();
    } else if (v == END) {
      if (depth > 0) pop(frames[depth - 1] instanceof List);
    } else {
      consumed();
    }
  }

  /** {@code $.member[index]} of the value being read (Gson's getPath convention). */
  @Override
  public String getPath() {
    return path(false);
  }

  @Override
  public String getPreviousPath() {
    return path(true);
  }

  private String path(boolean previous) {
    StringBuilder path = new StringBuilder("$");
    for (int i = 0; i < depth; i++) {
      if (frames[i] instanceof List) {
        int index = previous && i == depth - 1 && indices[i] > 0 ? indices[i] - 1 : indices[i];
        path.append('[').append(index).append(']');
      } else if (names[i] != null) {
        path.append('.').append(names[i]);
      }
    }
    return path.toString();
  }

  @Override
  public void close() {
    depth = 0;
    promoted = null;
    rootConsumed = true;
    root = null;
  }

  @Override
  public String toString() {
    return "TreeReader at " + getPath();
  }
}
