package org.libchan4j.internal.binding;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;
import org.libchan4j.ByteStream;
import org.libchan4j.Receiver;
import org.libchan4j.Sender;

/**
 * Adapters for what travels as a reference (any class assignable to Sender, Receiver, ByteStream, InputStream or
 * OutputStream) and for {@code byte[]} (bin). The element type of a channel comes from the declared type, so a
 * field {@code Sender<List<Item>>} gives {@code List<Item>}; Gson uses the declared type's adapter whenever it is
 * parameterized, and the runtime class's otherwise (then the element type is what the class itself declares).
 */
final class RefTypeAdapterFactory implements TypeAdapterFactory {
  /** In the order of {@link OutRef.Kind}. */
  private static final Class<?>[] KINDS = {
    Sender.class, Receiver.class, ByteStream.class, InputStream.class, OutputStream.class
  };

  /** One per configuration, shared by every session: the session's resolver comes with the {@link TreeReader}. */
  RefTypeAdapterFactory() {}

  @Override
  @SuppressWarnings("unchecked")
  public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> token) {
    Class<?> raw = token.getRawType();
    if (raw == byte[].class) return (TypeAdapter<T>) new BytesAdapter();
    int found = -1;
    for (int k = 0; k < KINDS.length; k++) {
      if (!KINDS[k].isAssignableFrom(raw)) continue;
      if (found >= 0) return (TypeAdapter<T>) new AmbiguousAdapter(raw, KINDS[found], KINDS[k]);
      found = k;
    }
    if (found < 0) return null;
    OutRef.Kind kind = OutRef.Kind.values()[found];
    Type element = kind == OutRef.Kind.SENDER || kind == OutRef.Kind.RECEIVER
        ? Types.argument(token.getType(), KINDS[found], 0) : null;
    return (TypeAdapter<T>) new RefAdapter(kind, KINDS[found], raw, element);
  }

  private final class RefAdapter extends TypeAdapter<Object> {
    private final OutRef.Kind kind;
    private final Class<?> wanted;
    private final Class<?> declared;
    private final Type element;

    RefAdapter(OutRef.Kind kind, Class<?> wanted, Class<?> declared, Type element) {
      this.kind = kind;
      this.wanted = wanted;
      this.declared = declared;
      this.element = element;
    }

    @Override
    public void write(JsonWriter out, Object value) throws IOException {
      if (value == null) {
        out.nullValue();
      } else if (out instanceof TreeWriter) {
        ((TreeWriter) out).ref(new OutRef(kind, value, element));
      } else {
        throw new IllegalStateException(article(wanted) + " travels as a reference and has no JSON"
            + " form: only libchan4j's binder can write it (not Gson.toJson or toJsonTree)");
      }
    }

    @Override
    public Object read(JsonReader in) throws IOException {
      if (!(in instanceof TreeReader)) {
        throw new IllegalStateException(article(wanted) + " can only be read from a libchan4j message");
      }
      TreeReader reader = (TreeReader) in;
      Object v = reader.peekRaw();
      if (v == null) {
        reader.nextNull();
        return null;
      }
      if (!reader.isRef(v)) throw reader.mismatch(article(wanted), v);
      String path = reader.getPath();
      reader.nextRaw();
      Object resolved;
      try {
        resolved = reader.resolver().resolve(v, wanted, element);
      } catch (RuntimeException e) {
        throw new BindingException("cannot bind " + path + ": " + e.getMessage(), e);
      }
      if (!declared.isInstance(resolved)) {
        throw new BindingException("cannot bind " + path + ": the reference resolved to "
            + (resolved == null ? "null" : resolved.getClass().getName()) + ", which the declared type "
            + declared.getName() + " cannot hold; declare it as " + wanted.getSimpleName());
      }
      return resolved;
    }
  }

  /** "a Sender", "an InputStream". */
  static String article(Class<?> type) {
    String name = type.getSimpleName();
    return ("AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
  }

  /** A class implementing two reference kinds, met where only its runtime class is known. */
  private static final class AmbiguousAdapter extends TypeAdapter<Object> {
    private final String message;

    AmbiguousAdapter(Class<?> raw, Class<?> a, Class<?> b) {
      message = raw.getName() + " is both " + article(a) + " and " + article(b)
          + ", so it cannot tell which reference to send; declare the field as one of them with its type argument";
    }

    @Override public void write(JsonWriter out, Object value) { throw new IllegalStateException(message); }
    @Override public Object read(JsonReader in) { throw new IllegalStateException(message); }
  }

  /** byte[] as bin; an array of small integers is read too, and is what other writers get (Gson's JSON form). */
  private static final class BytesAdapter extends TypeAdapter<byte[]> {
    @Override
    public void write(JsonWriter out, byte[] value) throws IOException {
      if (value == null) {
        out.nullValue();
      } else if (out instanceof TreeWriter) {
        ((TreeWriter) out).bin(value);
      } else {
        out.beginArray();
        for (byte b : value) out.value(b);
        out.endArray();
      }
    }

    @Override
    public byte[] read(JsonReader in) throws IOException {
      if (in instanceof TreeReader) {
        TreeReader reader = (TreeReader) in;
        Object v = reader.peekRaw();
        if (v instanceof byte[]) return (byte[]) reader.nextRaw();
        if (v != null && !(v instanceof List)) throw reader.mismatch("bytes", v);
      }
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.beginArray();
      while (in.hasNext()) {
        String at = in.getPath(); // before nextInt moves on to the next element
        int b = in.nextInt();
        if (b < Byte.MIN_VALUE || b > 255) {
          String why = "expected a byte (-128 to 255) but found the number " + b;
          if (in instanceof TreeReader) throw new BindingException("cannot bind " + at + ": " + why);
          throw new JsonSyntaxException(why + " at " + at);
        }
        bytes.write(b);
      }
      in.endArray();
      return bytes.toByteArray();
    }
  }
}
