package org.libchan4j.internal.binding;

import com.google.gson.Gson;
import com.google.gson.JsonSyntaxException;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wraps Gson's own Map and Collection adapters for reading trees (writing is Gson's, unchanged):
 *
 * <ul>
 *   <li>Untyped containers ({@code Map}, {@code Map<String,Object>}, {@code Map<?,?>}, {@code List<Object>},
 *       {@code Collection}, {@code Set<?>}...) are converted by {@link Untyped}: Gson would read their values with
 *       ObjectTypeAdapter, which cannot be replaced, turns integers into Double and cannot hold a reference or bin.
 *   <li>Typed maps ({@code Map<String,Item>}, {@code Map<Integer,V>}) read their keys through
 *       {@link TreeReader#promoteNameToValue}: Gson's adapter uses JsonReaderInternalAccess, which works only on
 *       Gson's own readers.
 * </ul>
 *
 * A container type with an adapter of the user's (or any adapter that is not Gson's) is left to that adapter.
 */
final class ContainerTypeAdapterFactory implements TypeAdapterFactory {
  private static final String GSON_MAP_ADAPTER = "com.google.gson.internal.bind.MapTypeAdapterFactory$Adapter";
  private static final String GSON_COLLECTION_ADAPTER =
      "com.google.gson.internal.bind.CollectionTypeAdapterFactory$Adapter";
  private static final Set<Class<?>> UNTYPED_MAPS = Set.of(Map.class, HashMap.class, LinkedHashMap.class);
  private static final Set<Class<?>> UNTYPED_LISTS = Set.of(Collection.class, List.class, ArrayList.class);
  private static final Set<Class<?>> UNTYPED_SETS = Set.of(Set.class, HashSet.class, LinkedHashSet.class);

  /** One per configuration, shared by every session: the session's resolver comes with the {@link TreeReader}. */
  ContainerTypeAdapterFactory() {}

  @Override
  @SuppressWarnings("unchecked")
  public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> token) {
    Class<?> raw = token.getRawType();
    Type type = token.getType();
    if (Map.class.isAssignableFrom(raw)) {
      TypeAdapter<T> gsons = gson.getDelegateAdapter(this, token);
      if (!gsons.getClass().getName().equals(GSON_MAP_ADAPTER)) return null;
      Type key = Types.argument(type, Map.class, 0);
      Type value = Types.argument(type, Map.class, 1);
      if (UNTYPED_MAPS.contains(raw) && (key == String.class || Types.isUntyped(key)) && Types.isUntyped(value)) {
        return (TypeAdapter<T>) new UntypedAdapter((TypeAdapter<Object>) gsons, true, false);
      }
      return (TypeAdapter<T>) new TypedMapAdapter((TypeAdapter<Object>) gsons,
          gson.getAdapter(TypeToken.get(key)), gson.getAdapter(TypeToken.get(value)));
    }
    boolean set = UNTYPED_SETS.contains(raw);
    if ((set || UNTYPED_LISTS.contains(raw)) && Types.isUntyped(Types.argument(type, Collection.class, 0))) {
      TypeAdapter<T> gsons = gson.getDelegateAdapter(this, token);
      if (!gsons.getClass().getName().equals(GSON_COLLECTION_ADAPTER)) return null;
      return (TypeAdapter<T>) new UntypedAdapter((TypeAdapter<Object>) gsons, false, set);
    }
    return null;
  }

  private final class UntypedAdapter extends TypeAdapter<Object> {
    private final TypeAdapter<Object> gsons;
    private final boolean map;
    private final boolean set;

    UntypedAdapter(TypeAdapter<Object> gsons, boolean map, boolean set) {
      this.gsons = gsons;
      this.map = map;
      this.set = set;
    }

    @Override
    public void write(JsonWriter out, Object value) throws IOException {
      gsons.write(out, value);
    }

    @Override
    public Object read(JsonReader in) throws IOException {
      if (!(in instanceof TreeReader)) return gsons.read(in);
      TreeReader reader = (TreeReader) in;
      JsonToken token = reader.peek();
      if (token == JsonToken.NULL) {
        reader.nextNull();
        return null;
      }
      if (token != (map ? JsonToken.BEGIN_OBJECT : JsonToken.BEGIN_ARRAY)) {
        throw reader.mismatch(map ? "an object" : "an array", reader.peekRaw());
      }
      String path = reader.getPath();
      Object converted = Untyped.convert(reader.nextRaw(), reader.resolver(), path);
      return set ? new LinkedHashSet<>((List<?>) converted) : converted;
    }
  }

  private static final class TypedMapAdapter extends TypeAdapter<Object> {
    private final TypeAdapter<Object> gsons;
    private final TypeAdapter<?> keys;
    private final TypeAdapter<?> values;

    TypedMapAdapter(TypeAdapter<Object> gsons, TypeAdapter<?> keys, TypeAdapter<?> values) {
      this.gsons = gsons;
      this.keys = keys;
      this.values = values;
    }

    @Override
    public void write(JsonWriter out, Object value) throws IOException {
      gsons.write(out, value);
    }

    @Override
    public Object read(JsonReader in) throws IOException {
      // Gson's adapter handles null and the array-of-entries form (complexMapKeySerialization) without trouble
      if (!(in instanceof TreeReader) || in.peek() != JsonToken.BEGIN_OBJECT) return gsons.read(in);
      TreeReader reader = (TreeReader) in;
      // an empty object read by Gson's adapter gives the declared map type (TreeMap, EnumMap, InstanceCreator...)
      @SuppressWarnings("unchecked")
      Map<Object, Object> map = (Map<Object, Object>) gsons.read(new TreeReader(Map.of(), null));
      reader.beginObject();
      while (reader.hasNext()) {
        reader.promoteNameToValue();
        Object key = keys.read(reader);
        if (map.put(key, values.read(reader)) != null) throw new JsonSyntaxException("duplicate key: " + key);
      }
      reader.endObject();
      return map;
    }
  }
}
