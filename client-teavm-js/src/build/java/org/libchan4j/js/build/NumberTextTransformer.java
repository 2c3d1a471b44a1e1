package org.libchan4j.js.build;

import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.MethodHolder;
import org.teavm.model.ValueType;
import org.teavm.model.emit.ProgramEmitter;
import org.teavm.model.emit.ValueEmitter;

/**
 * A TeaVM class transformer of the browser build (configured in the pom, never in the jar's code): it makes
 * {@code StringBuilder.append(double)} and {@code append(float)} use JavaScript's {@code String(number)} instead of
 * TeaVM's exact Java algorithm, whose power-of-ten tables cost about 20 KB of minified output. The engine prints
 * numbers only in error messages, where {@code 1} instead of {@code 1.0} does not matter.
 */
public final class NumberTextTransformer implements ClassHolderTransformer {
  private static final String BUILDER = "java.lang.AbstractStringBuilder";
  private static final ValueType STRING = ValueType.object("java.lang.String");

  @Override
  public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
    if (!cls.getName().equals(BUILDER)) return;
    for (MethodHolder method : cls.getMethods()) {
      if (!method.getName().equals("insert") || method.parameterCount() != 2
          || method.parameterType(0) != ValueType.INTEGER) {
        continue;
      }
      ValueType number = method.parameterType(1);
      if (number != ValueType.DOUBLE && number != ValueType.FLOAT) continue;
      ProgramEmitter pe = ProgramEmitter.create(method, context.getHierarchy());
      ValueEmitter value = pe.var(2, number);
      if (number == ValueType.FLOAT) value = value.cast(double.class);
      ValueEmitter text = pe.invoke("org.libchan4j.js.internal.NumberText", "format", STRING, value);
      pe.var(0, ValueType.object(BUILDER))
          .invokeVirtual("insert", ValueType.object(BUILDER), pe.var(1, ValueType.INTEGER), text)
          .returnValue();
    }
  }
}
