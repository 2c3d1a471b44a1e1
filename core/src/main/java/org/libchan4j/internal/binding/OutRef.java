package org.libchan4j.internal.binding;

import java.lang.reflect.Type;
import java.util.Objects;

/** A Java object that must travel as a reference; produced by {@link Binder#toTree} in place of the object. */
public final class OutRef {

  /** What the referenced object is, which decides the wire form the session gives it. */
  public enum Kind { SENDER, RECEIVER, BYTE_STREAM, INPUT_STREAM, OUTPUT_STREAM }

  private final Kind kind;
  private final Object target;
  private final Type elementType;

  /**
   * @param elementType {@code T} of {@code Sender<T>}/{@code Receiver<T>} ({@code Object.class} when unknown or
   *     raw); {@code null} for the byte kinds
   */
  public OutRef(Kind kind, Object target, Type elementType) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.target = Objects.requireNonNull(target, "target");
    this.elementType = elementType;
  }

  public Kind kind() { return kind; }

  /** The application's object: a Sender, Receiver, ByteStream, InputStream or OutputStream. */
  public Object target() { return target; }

  /** Message type of a channel; {@code null} for byte kinds. */
  public Type elementType() { return elementType; }

  @Override
  public String toString() {
    return "OutRef{" + kind + (elementType == null ? "" : "<" + elementType.getTypeName() + ">") + ", "
        + target.getClass().getName() + "}";
  }
}
