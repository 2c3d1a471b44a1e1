package org.libchan4j.js.build;

import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;

/**
 * A TeaVM class transformer of the browser build (configured in the pom, never in the jar's code): it makes the
 * msgpack reader's {@code uint64(long)}, which returns a BigInteger above 2^63-1, call {@code Substitutes.uint64}
 * instead, which returns a Double. No BigInteger is then ever created in the browser, and TeaVM leaves out its
 * arithmetic and number-to-text code (about 7 KB minified; {@code SubstitutesTransformer} removes the rest).
 * JavaScript reads every number as a double anyway.
 */
public final class Uint64Transformer implements ClassHolderTransformer {
  private static final String READER = "org.libchan4j.internal.msgpack.MsgpackReader";
  private static final ValueType OBJECT = ValueType.object("java.lang.Object");

  @Override
  public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
    if (!cls.getName().equals(READER)) return;
    boolean found = false;
    for (MethodHolder method : cls.getMethods()) {
      if (!method.getName().equals("uint64") || method.parameterCount() != 1
          || method.parameterType(0) != ValueType.LONG) {
        continue;
      }
      ProgramEmitter pe = ProgramEmitter.create(method, context.getHierarchy());
      pe.invoke("org.libchan4j.js.internal.Substitutes", "uint64", OBJECT, pe.var(1, ValueType.LONG)).returnValue();
      found = true;
    }
    if (!found) throw new IllegalStateException(READER + ".uint64(long) not found: update " + getClass().getName());
  }
}
