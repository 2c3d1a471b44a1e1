package org.libchan4j.internal.binding;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** Generic type helpers: the type arguments a declared type gives to one of its supertypes. */
final class Types {
  private Types() {}

  /** The class a type erases to; {@code Object.class} for type variables. */
  static Class<?> raw(Type type) {
    if (type instanceof Class<?>) return (Class<?>) type;
    if (type instanceof ParameterizedType) return (Class<?>) ((ParameterizedType) type).getRawType();
    if (type instanceof GenericArrayType) {
      return java.lang.reflect.Array.newInstance(raw(((GenericArrayType) type).getGenericComponentType()), 0)
          .getClass();
    }
    if (type instanceof WildcardType) return raw(((WildcardType) type).getUpperBounds()[0]);
    return Object.class;
  }

  /**
   * Argument {@code index} that {@code type} gives to its supertype {@code target}, e.g. {@code Status} for
   * ({@code Sender<Status>}, Sender.class, 0). Wildcards become their bound; raw or unresolved gives Object.class.
   */
  static Type argument(Type type, Class<?> target, int index) {
    Type[] args = find(type, target, Map.of());
    return args == null ? Object.class : concrete(args[index]);
  }

  /** A type usable as a binding target: {@code ? extends X} and {@code ? super X} become X, variables Object. */
  static Type concrete(Type type) {
    if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      return concrete(w.getLowerBounds().length > 0 ? w.getLowerBounds()[0] : w.getUpperBounds()[0]);
    }
    return type instanceof TypeVariable<?> ? Object.class : type;
  }

  /** True for Object, {@code ?} and {@code ? extends Object}: a position that holds any tree value. */
  static boolean isUntyped(Type type) {
    return type == Object.class
        || (type instanceof WildcardType && ((WildcardType) type).getLowerBounds().length == 0
            && ((WildcardType) type).getUpperBounds()[0] == Object.class);
  }

  private static Type[] find(Type type, Class<?> target, Map<TypeVariable<?>, Type> outer) {
    Class<?> raw = raw(type);
    if (!target.isAssignableFrom(raw)) return null;
    TypeVariable<?>[] vars = raw.getTypeParameters();
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    if (type instanceof ParameterizedType) {
      Type[] args = ((ParameterizedType) type).getActualTypeArguments();
      for (int i = 0; i < vars.length && i < args.length; i++) bindings.put(vars[i], substitute(args[i], outer));
    }
    if (raw == target) {
      if (!(type instanceof ParameterizedType)) return null;
      Type[] result = new Type[vars.length];
      for (int i = 0; i < vars.length; i++) result[i] = bindings.get(vars[i]);
      return result;
    }
    Type superclass = raw.getGenericSuperclass();
    if (superclass != null) {
      Type[] found = find(superclass, target, bindings);
      if (found != null) return found;
    }
    for (Type itf : raw.getGenericInterfaces()) {
      Type[] found = find(itf, target, bindings);
      if (found != null) return found;
    }
    return null;
  }

  private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?>) return bindings.getOrDefault(type, type);
    if (type instanceof ParameterizedType && !bindings.isEmpty()) {
      ParameterizedType p = (ParameterizedType) type;
      Type[] args = p.getActualTypeArguments().clone();
      boolean changed = false;
      for (int i = 0; i < args.length; i++) {
        Type s = substitute(args[i], bindings);
        changed |= s != args[i];
        args[i] = s;
      }
      return changed ? new Parameterized(p.getOwnerType(), (Class<?>) p.getRawType(), args) : type;
    }
    return type;
  }

  /** A ParameterizedType whose equals/hashCode follow the JDK's, so it compares equal to reflected types. */
  private static final class Parameterized implements ParameterizedType {
    private final Type owner;
    private final Class<?> raw;
    private final Type[] args;

    Parameterized(Type owner, Class<?> raw, Type[] args) {
      this.owner = owner;
      this.raw = raw;
      this.args = args;
    }

    @Override public Type[] getActualTypeArguments() { return args.clone(); }
    @Override public Type getRawType() { return raw; }
    @Override public Type getOwnerType() { return owner; }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof ParameterizedType)) return false;
      ParameterizedType that = (ParameterizedType) o;
      return Objects.equals(owner, that.getOwnerType()) && raw.equals(that.getRawType())
          && Arrays.equals(args, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      StringJoiner j = new StringJoiner(", ", raw.getName() + "<", ">");
      for (Type a : args) j.add(a.getTypeName());
      return j.toString();
    }
  }
}
