package org.libchan4j.internal.binding;

import java.lang.reflect.Type;

/**
 * Turns an inbound reference value found in a tree into the Java object the application sees. Implemented by the
 * session engine; called on the thread that runs {@link Binder#fromTree}.
 */
public interface RefResolver {

  /**
   * True if this tree value is an inbound reference (the engine's channel/stream handle). Only asked about values
   * that are not {@code null}, {@code String}, {@code Boolean}, {@code Number} or {@code byte[]}.
   */
  boolean isRef(Object treeValue);

  /**
   * The object for a reference bound to a declared type: wanted is one of Sender.class, Receiver.class,
   * ByteStream.class, InputStream.class, OutputStream.class, or Object.class (untyped position: the resolver picks by
   * the reference's kind); elementType is T of Sender&lt;T&gt;/Receiver&lt;T&gt; (Object.class if raw/untyped,
   * null for the byte kinds).
   * Throws an exception with a clear message if the reference's kind does not fit the wanted type (for example
   * "expected a Sender but the peer sent a channel this side reads"); the binder reports it as a
   * {@link BindingException} that adds the field path.
   */
  Object resolve(Object treeValue, Class<?> wanted, Type elementType);
}
