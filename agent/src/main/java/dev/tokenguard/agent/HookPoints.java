package dev.tokenguard.agent;

import java.util.function.Consumer;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The two places a hook goes: at a method's entry, or before each of its returns. Both insert
 * straight-line code, with no branch and so no stack map frame to compute, except for what a hook
 * adds itself; each widens the method's operand stack by what its code pushes.
 */
public final class HookPoints {

    private HookPoints() {}

    /** Runs {@code code} first in the method. */
    public static MethodVisitor atEntry(MethodVisitor next, int extraStack, Consumer<MethodVisitor> code) {
        return new Widened(next, extraStack) {
            @Override
            public void visitCode() {
                super.visitCode();
                code.accept(mv);
            }
        };
    }

    /**
     * Runs {@code code} before each {@code return} instruction, with the value being returned (if
     * any) on the stack; code for a method that returns a value leaves a value of the same type.
     * A method left by an exception runs none.
     */
    public static MethodVisitor beforeEachReturn(MethodVisitor next, int extraStack, Consumer<MethodVisitor> code) {
        return new Widened(next, extraStack) {
            @Override
            public void visitInsn(int opcode) {
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    code.accept(mv);
                }
                super.visitInsn(opcode);
            }
        };
    }

    private static class Widened extends MethodVisitor {
        private final int extraStack;

        Widened(MethodVisitor next, int extraStack) {
            super(Opcodes.ASM9, next);
            this.extraStack = extraStack;
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + extraStack, maxLocals);
        }
    }
}
