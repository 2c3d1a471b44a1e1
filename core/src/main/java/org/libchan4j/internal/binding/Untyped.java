package org.libchan4j.internal.binding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tree to plain Java for untyped positions ({@code Object} at top level, {@code Map<String,Object>},
 * {@code List<Object>}): maps become {@code LinkedHashMap<String,Object>}, lists {@code ArrayList<Object>}, numbers
 * and bin stay as they are (Long, Float, Double, byte[]), references are resolved by their own kind.
 */
final class Untyped {
  private final RefResolver resolver;
  private final String base;
  /** Keys (String) and indexes (Integer) from {@link #base} down to the value being converted. */
  private final List<Object> segments = new ArrayList<>();

  private Untyped(RefResolver resolver, String base) {
    this.resolver = resolver;
    this.base = base;
  }

  /** Converts {@code tree}, found at {@code path}, with refs resolved by {@code resolver} (may be null). */
  static Object convert(Object tree, RefResolver resolver, String path) {
    return new Untyped(resolver, path).value(tree);
  }

  private Object value(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof byte[]) {
      return v;
    }
    if (resolver != null && resolver.isRef(v)) {
      try {
        return resolver.resolve(v, Object.class, Object.class);
      } catch (RuntimeException e) {
        throw new BindingException("cannot bind " + path() + ": " + e.getMessage(), e);
      }
    }
    if (v instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) v;
      Map<String, Object> out = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = TreeReader.keyName(e.getKey());
        segments.add(key);
        out.put(key, value(e.getValue()));
        segments.remove(segments.size() - 1);
      }
      return out;
    }
    if (v instanceof List) {
      List<?> list = (List<?>) v;
      List<Object> out = new ArrayList<>(list.size());
      int i = 0;
      for (Object element : list) {
        segments.add(i++);
        out.add(value(element));
        segments.remove(segments.size() - 1);
      }
      return out;
    }
    throw new BindingException("cannot bind " + path() + ": found a " + v.getClass().getName() + " (not a tree value)");
  }

  private String path() {
    StringBuilder path = new StringBuilder(base);
    for (Object s : segments) {
      if (s instanceof Integer) path.append('[').append(s).append(']');
      else path.append('.').append(s);
    }
    return path.toString();
  }
}
