package org.libchan4j.js.build;

import org.teavm.model.BasicBlock;
import org.teavm.model.ClassHolder;
import org.teavm.model.ClassHolderTransformer;
import org.teavm.model.ClassHolderTransformerContext;
import org.teavm.model.Instruction;
import org.teavm.model.MethodHolder;
import org.teavm.model.MethodReference;
import org.teavm.model.Program;
import org.teavm.model.ValueType;
import org.teavm.model.Variable;
import org.teavm.model.instructions.BranchingCondition;
import org.teavm.model.instructions.BranchingInstruction;
import org.teavm.model.instructions.InvocationType;
import org.teavm.model.instructions.IntegerConstantInstruction;
import org.teavm.model.instructions.InvokeInstruction;
import org.teavm.model.instructions.IsInstanceInstruction;
import org.teavm.model.instructions.JumpInstruction;
import org.teavm.model.optimization.UnreachableBasicBlockEliminator;

/**
 * A TeaVM class transformer of the browser build (configured in the pom, never in the jar's code): it keeps
 * class-library code out of the bundle that the shared engine and codec call but a page does not need.
 *
 * <ul>
 *   <li>{@code BigInteger}: the engine and the writer test values with {@code instanceof BigInteger} (Java
 *       applications may send integers above 2^63-1), but the page never makes one (its integers are Longs, and
 *       {@code Uint64Transformer} reads a big uint64 as a Double). The tests become {@code false} and the code
 *       they guard is dropped, so the class, its initialiser and its constants go (about 1 KB minified).</li>
 *   <li>{@code ByteBuffer}: the msgpack reader wraps bin map keys in ByteBuffers to find duplicates by content.
 *       In the browser it uses {@code Substitutes.binKey}, a String holding the same bytes, which compares by
 *       content too; the ByteBuffer classes and the ByteOrder enum go (about 1 KB).</li>
 *   <li>{@code String.replace(CharSequence, CharSequence)}, which the reader calls to quote a string in an error
 *       message, becomes {@code Substitutes.replace}, JavaScript's split and join (0.6 KB).</li>
 * </ul>
 */
public final class SubstitutesTransformer implements ClassHolderTransformer {
  private static final String BIG_INTEGER = "java.math.BigInteger";
  private static final MethodReference WRAP = new MethodReference("java.nio.ByteBuffer", "wrap",
      ValueType.arrayOf(ValueType.BYTE), ValueType.object("java.nio.ByteBuffer"));
  private static final String SUBSTITUTES = "org.libchan4j.js.internal.Substitutes";
  private static final MethodReference BIN_KEY = new MethodReference(SUBSTITUTES, "binKey",
      ValueType.arrayOf(ValueType.BYTE), ValueType.object("java.lang.Object"));
  private static final ValueType STRING = ValueType.object("java.lang.String");
  private static final ValueType CHARS = ValueType.object("java.lang.CharSequence");
  private static final MethodReference REPLACE = new MethodReference("java.lang.String", "replace", CHARS, CHARS,
      STRING);
  private static final MethodReference REPLACE_JS = new MethodReference(SUBSTITUTES, "replace", STRING, CHARS,
      CHARS, STRING);

  @Override
  public void transformClass(ClassHolder cls, ClassHolderTransformerContext context) {
    if (!cls.getName().startsWith("org.libchan4j.internal.")) return;
    for (MethodHolder method : cls.getMethods()) {
      Program program = method.getProgram();
      if (program != null && transform(program)) new UnreachableBasicBlockEliminator().optimize(program);
    }
  }

  /** Rewrites {@code program}; true when a BigInteger test was made constant (and its branch fixed). */
  private static boolean transform(Program program) {
    boolean changed = false;
    for (BasicBlock block : program.getBasicBlocks()) {
      for (Instruction insn : block) {
        if (insn instanceof IsInstanceInstruction) {
          IsInstanceInstruction test = (IsInstanceInstruction) insn;
          if (!test.getType().equals(ValueType.object(BIG_INTEGER))) continue;
          IntegerConstantInstruction no = new IntegerConstantInstruction();
          no.setConstant(0);
          no.setReceiver(test.getReceiver());
          no.setLocation(test.getLocation());
          test.replace(no);
          changed = true;
        } else if (insn instanceof InvokeInstruction) {
          InvokeInstruction call = (InvokeInstruction) insn;
          if (call.getMethod().equals(WRAP)) {
            call.setMethod(BIN_KEY);
          } else if (call.getMethod().equals(REPLACE)) { // s.replace(a, b) becomes Substitutes.replace(s, a, b)
            Variable s = call.getInstance();
            Variable a = call.getArguments().get(0);
            Variable b = call.getArguments().get(1);
            call.setType(InvocationType.SPECIAL);
            call.setInstance(null);
            call.setMethod(REPLACE_JS);
            call.setArguments(s, a, b);
          }
        }
      }
    }
    if (!changed) return false;
    // Branch on the constant: jump to the side taken, so that the BigInteger code becomes unreachable.
    for (BasicBlock block : program.getBasicBlocks()) {
      Instruction last = block.getLastInstruction();
      if (!(last instanceof BranchingInstruction)) continue;
      BranchingInstruction branch = (BranchingInstruction) last;
      if (!isFalseConstant(program, branch.getOperand())) continue;
      BranchingCondition c = branch.getCondition();
      if (c != BranchingCondition.EQUAL && c != BranchingCondition.NOT_EQUAL) continue;
      BasicBlock taken = c == BranchingCondition.EQUAL ? branch.getConsequent() : branch.getAlternative();
      BasicBlock dropped = c == BranchingCondition.EQUAL ? branch.getAlternative() : branch.getConsequent();
      if (dropped != taken) dropped.removeIncomingsFrom(block);
      JumpInstruction jump = new JumpInstruction();
      jump.setTarget(taken);
      jump.setLocation(branch.getLocation());
      branch.replace(jump);
    }
    return true;
  }

  private static boolean isFalseConstant(Program program, Variable v) {
    for (BasicBlock block : program.getBasicBlocks()) {
      for (Instruction insn : block) {
        if (insn instanceof IntegerConstantInstruction && ((IntegerConstantInstruction) insn).getReceiver() == v) {
          return ((IntegerConstantInstruction) insn).getConstant() == 0;
        }
      }
    }
    return false;
  }
}
