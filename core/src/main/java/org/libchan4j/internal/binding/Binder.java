package org.libchan4j.internal.binding;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.libchan4j.EncodingException;

/**
 * Converts application messages to the engine's tree and back through Gson, honouring the user's GsonBuilder
 * (naming policy, type adapters, serializeNulls, exclusions...). Fields of type Sender, Receiver, ByteStream,
 * InputStream and OutputStream become {@link OutRef} on the way out and are resolved through the
 * {@link RefResolver} on the way in; {@code byte[]} is bin.
 *
 * <p>What the binder adds to the user's configuration, on a copy ({@code gson.newBuilder()}):
 *
 * <ul>
 *   <li>its own adapters for the reference types, {@code byte[]} and containers; they take precedence over the
 *       user's for the reference types and {@code byte[]}, while a user adapter for a Map or Collection type is
 *       kept;
 *   <li>{@code serializeSpecialFloatingPointValues()}: msgpack carries NaN and infinities;
 *   <li>{@code ToNumberPolicy.LONG_OR_DOUBLE} for fields declared {@code Object}, unless the user chose another
 *       strategy than Gson's default (a user who explicitly chose {@code DOUBLE} cannot be told apart from the
 *       default and gets LONG_OR_DOUBLE too).
 * </ul>
 *
 * <p>A field declared exactly {@code Object} is read by Gson's ObjectTypeAdapter, which the binder cannot replace:
 * it cannot hold a reference or bin value (reading one fails and says to declare {@code Map<String,Object>} or the
 * reference type). {@code Map<String,Object>} and {@code List<Object>} can, at any depth.
 *
 * <p>Thread-safe. The Gson and its adapters are built once per configuration (per {@code GsonBuilder} instance,
 * read when the first binder for it is made; later changes to that builder are not seen) and shared by every
 * binder, that is every session, of that configuration: a session's own part is only its {@link RefResolver}, which
 * reaches the adapters through the {@link TreeReader}. One Gson per session cost about 2.4 KB of heap per idle
 * session for a one-type protocol, more with each message type.
 */
public final class Binder {
  /** Shared configurations by GsonBuilder identity (GsonBuilder keeps Object's equals), dropped with the builder. */
  private static final Map<GsonBuilder, Shared> SHARED = new WeakHashMap<>();
  private static final Shared DEFAULTS = new Shared(null);

  private final Shared shared;
  private final RefResolver resolver;

  /** userConfig may be null (Gson defaults). Never mutates userConfig: build it, then gson.newBuilder(). */
  public Binder(GsonBuilder userConfig, RefResolver resolver) {
    this.resolver = resolver;
    this.shared = shared(userConfig);
  }

  private static Shared shared(GsonBuilder userConfig) {
    if (userConfig == null) return DEFAULTS;
    synchronized (SHARED) {
      return SHARED.computeIfAbsent(userConfig, Shared::new);
    }
  }

  /** The Gson of one configuration, with the binder's adapters, and its adapters by declared type. */
  private static final class Shared {
    final Gson gson;
    /**
     * Adapters by declared type. Gson caches them too, but reaching its cache costs a {@code TypeToken} per call
     * ({@code TypeToken.get} was 31-43% of the samples of a one-way benchmark's client and server).
     */
    final ConcurrentHashMap<Type, TypeAdapter<Object>> adapters = new ConcurrentHashMap<>();

    Shared(GsonBuilder userConfig) {
      Gson user = userConfig == null ? new Gson() : userConfig.create();
      GsonBuilder builder = user.newBuilder()
          .serializeSpecialFloatingPointValues()
          .registerTypeAdapterFactory(new ContainerTypeAdapterFactory())
          .registerTypeAdapterFactory(new RefTypeAdapterFactory());
      // Gson has no getter for the strategy: Gson's default reads the number 1 in an Object position as 1.0
      if (user.fromJson("1", Object.class) instanceof Double) {
        builder.setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE);
      }
      this.gson = builder.create();
    }

    @SuppressWarnings("unchecked")
    TypeAdapter<Object> adapter(Type type) {
      TypeAdapter<Object> a = adapters.get(type);
      if (a == null) {
        a = (TypeAdapter<Object>) gson.getAdapter(TypeToken.get(type));
        TypeAdapter<Object> raced = adapters.putIfAbsent(type, a);
        if (raced != null) a = raced;
      }
      return a;
    }
  }

  /**
   * Java object -> tree. Sender/Receiver/ByteStream/InputStream/OutputStream instances (any implementation class,
   * found by declared or runtime type, at any depth) become {@link OutRef}; byte[] stays byte[]; integral numbers
   * become Long, float Float, double Double, BigInteger within long range Long; records and POJOs become
   * {@code LinkedHashMap<Object,Object>} with String keys in Gson's field order.
   *
   * @param type the declared type (keeps generics such as {@code Sender<List<Item>>}); null for the runtime class
   * @return null only for a null message
   * @throws EncodingException naming the value that has no tree form and where it is
   */
  public Object toTree(Object message, Type type) {
    if (message == null) return null;
    Type declared = type == null ? message.getClass() : type;
    TreeWriter writer = new TreeWriter();
    // What Gson.toJson(Object, Type, JsonWriter) sets up around the adapter (the tree writer needs no strictness).
    writer.setSerializeNulls(shared.gson.serializeNulls());
    writer.setHtmlSafe(shared.gson.htmlSafe());
    try {
      shared.adapter(declared).write(writer, message);
    } catch (EncodingException e) {
      throw e;
    } catch (IOException e) {
      throw new EncodingException("cannot encode " + message.getClass().getName() + " as "
          + declared.getTypeName() + " at " + writer.path() + ": " + e, e);
    } catch (RuntimeException | StackOverflowError e) {
      String why = e instanceof StackOverflowError ? "nested too deeply (a cycle?)" : String.valueOf(e.getMessage());
      throw new EncodingException("cannot encode " + message.getClass().getName() + " as "
          + declared.getTypeName() + " at " + writer.path() + ": " + why, e);
    }
    Object tree = writer.result();
    if (tree == null) {
      throw new EncodingException("cannot encode " + message.getClass().getName() + ": Gson wrote null for it"
          + " (an anonymous or local class, or one the Gson configuration excludes)");
    }
    return tree;
  }

  /**
   * Tree -> Java object of {@code type}. References are resolved through the resolver with the declared field type.
   * {@code Object.class} gives plain Java values (Map, List, Long, Double, String, Boolean, byte[], resolved refs).
   *
   * @throws BindingException naming the path of the value that does not fit, e.g. {@code $.items[2].count}
   */
  public Object fromTree(Object tree, Type type) {
    Objects.requireNonNull(type, "type");
    if (type == Object.class) return Untyped.convert(tree, resolver, "$");
    TreeReader reader = TreeReader.obtain(tree, resolver);
    try {
      return shared.adapter(type).read(reader);
    } catch (BindingException e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      throw new BindingException("cannot bind " + reader.getPath() + " to " + type.getTypeName() + ": "
          + e.getMessage(), e);
    } finally {
      reader.release();
    }
  }
}
