package dev.jtrack.kernel.engine;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites the bytes of notebook classes so that they can be stopped without {@code Thread.stop}
 * (gone in current JDKs) and cannot end the JVM:
 * <ul>
 *   <li>a call to {@link Interruption#check()} at every method entry and before every backward
 *       jump (every loop iteration), which throws once an interrupt was requested;</li>
 *   <li>calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} replaced by
 *       calls that throw {@link ExitAttemptError};</li>
 *   <li>calls of methods that {@link dev.jtrack.kernel.extension.CallObserver}s watch (by name,
 *       returning an object) wrapped: before it the arguments are stored in fresh locals, handed
 *       (boxed, in an {@code Object[]}) to {@link CallSites#enter(Object[])} and loaded again;
 *       after it {@code DUP; LDC name; CallSites.exit(Object, String)}, which leaves the stack as
 *       it was.</li>
 * </ul>
 * The inserted code leaves the operand stack as it found it and uses its fresh locals only within
 * its own straight-line sequence, so existing stack map frames stay valid and no class hierarchy
 * is needed.
 */
public final class StopInstrumenter {
    private static final String RUNTIME = Type.getInternalName(Interruption.class);
    private static final String CALL_SITES = Type.getInternalName(CallSites.class);

    private StopInstrumenter() {}

    /** Returns the rewritten class file. */
    public static byte[] instrument(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        for (MethodNode method : node.methods) {
            if (method.instructions.size() > 0) {
                instrument(method);
            }
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        return writer.toByteArray();
    }

    private static void instrument(MethodNode method) {
        InsnList code = method.instructions;
        Map<LabelNode, Integer> position = new HashMap<>();
        int index = 0;
        for (AbstractInsnNode insn : code) {
            if (insn instanceof LabelNode label) {
                position.put(label, index);
            }
            index++;
        }
        index = 0;
        int freeLocal = method.maxLocals;
        for (AbstractInsnNode insn : code.toArray()) {
            if (jumpsBackward(insn, index, position)) {
                code.insertBefore(insn, checkCall());
            } else if (insn instanceof MethodInsnNode call) {
                rewriteExit(call);
                if (isObserved(call)) {
                    code.insertBefore(call, passArguments(call, freeLocal));
                    InsnList after = new InsnList();
                    after.add(new InsnNode(Opcodes.DUP));
                    after.add(new LdcInsnNode(call.name));
                    after.add(new MethodInsnNode(Opcodes.INVOKESTATIC, CALL_SITES, "exit", "(Ljava/lang/Object;Ljava/lang/String;)V", false));
                    code.insert(call, after);
                }
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                rewriteExitReferences(indy);
            }
            index++;
        }
        if (!"<init>".equals(method.name)) {
            code.insert(checkCall());
        }
    }

    /**
     * Stores the call's arguments (on top of the stack) in locals from {@code firstLocal} on, calls
     * {@code CallSites.enter(Object[])} with them boxed, and loads them back for the call.
     */
    private static InsnList passArguments(MethodInsnNode call, int firstLocal) {
        Type[] arguments = Type.getArgumentTypes(call.desc);
        int[] slots = new int[arguments.length];
        int next = firstLocal;
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = next;
            next += arguments[i].getSize();
        }
        InsnList code = new InsnList();
        for (int i = arguments.length - 1; i >= 0; i--) {
            code.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        code.add(new LdcInsnNode(arguments.length));
        code.add(new TypeInsnNode(Opcodes.ANEWARRAY, "java/lang/Object"));
        for (int i = 0; i < arguments.length; i++) {
            code.add(new InsnNode(Opcodes.DUP));
            code.add(new LdcInsnNode(i));
            code.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]));
            box(arguments[i], code);
            code.add(new InsnNode(Opcodes.AASTORE));
        }
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, CALL_SITES, "enter", "([Ljava/lang/Object;)V", false));
        for (int i = 0; i < arguments.length; i++) {
            code.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), slots[i]));
        }
        return code;
    }

    /** Boxes a primitive on top of the stack ({@code Integer.valueOf}, ...); objects stay as they are. */
    private static void box(Type type, InsnList code) {
        String wrapper = switch (type.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.CHAR -> "java/lang/Character";
            case Type.BYTE -> "java/lang/Byte";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.FLOAT -> "java/lang/Float";
            case Type.LONG -> "java/lang/Long";
            case Type.DOUBLE -> "java/lang/Double";
            default -> null;
        };
        if (wrapper != null) {
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, wrapper, "valueOf",
                    "(" + type.getDescriptor() + ")L" + wrapper + ";", false));
        }
    }

    private static boolean jumpsBackward(AbstractInsnNode insn, int index, Map<LabelNode, Integer> position) {
        if (insn instanceof JumpInsnNode jump) {
            return position.getOrDefault(jump.label, Integer.MAX_VALUE) < index;
        }
        if (insn instanceof TableSwitchInsnNode table) {
            return before(table.dflt, index, position) || table.labels.stream().anyMatch(l -> before(l, index, position));
        }
        if (insn instanceof LookupSwitchInsnNode lookup) {
            return before(lookup.dflt, index, position) || lookup.labels.stream().anyMatch(l -> before(l, index, position));
        }
        return false;
    }

    private static boolean before(LabelNode label, int index, Map<LabelNode, Integer> position) {
        return position.getOrDefault(label, Integer.MAX_VALUE) < index;
    }

    /** A call of an observed method name returning an object, not into the JDK or jtrack. */
    private static boolean isObserved(MethodInsnNode call) {
        return call.getOpcode() != Opcodes.INVOKESPECIAL && CallSites.observed(call.name)
                && Type.getReturnType(call.desc).getSort() == Type.OBJECT
                && !call.owner.startsWith("java/") && !call.owner.startsWith("jdk/") && !call.owner.startsWith("dev/jtrack/");
    }

    private static MethodInsnNode checkCall() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, RUNTIME, "check", "()V", false);
    }

    /** {@code System::exit} and {@code runtime::exit} method references become references to the replacements. */
    private static void rewriteExitReferences(InvokeDynamicInsnNode indy) {
        for (int i = 0; i < indy.bsmArgs.length; i++) {
            if (indy.bsmArgs[i] instanceof Handle handle && "(I)V".equals(handle.getDesc())) {
                if (handle.getTag() == Opcodes.H_INVOKESTATIC && "java/lang/System".equals(handle.getOwner())
                        && "exit".equals(handle.getName())) {
                    indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, RUNTIME, "systemExit", "(I)V", false);
                } else if (handle.getTag() == Opcodes.H_INVOKEVIRTUAL && "java/lang/Runtime".equals(handle.getOwner())
                        && ("exit".equals(handle.getName()) || "halt".equals(handle.getName()))) {
                    indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, RUNTIME,
                            "exit".equals(handle.getName()) ? "runtimeExit" : "runtimeHalt", "(Ljava/lang/Runtime;I)V", false);
                }
            }
        }
    }

    private static void rewriteExit(MethodInsnNode call) {
        if (call.getOpcode() == Opcodes.INVOKESTATIC && "java/lang/System".equals(call.owner)
                && "exit".equals(call.name) && "(I)V".equals(call.desc)) {
            call.owner = RUNTIME;
            call.name = "systemExit";
        } else if (call.getOpcode() == Opcodes.INVOKEVIRTUAL && "java/lang/Runtime".equals(call.owner)
                && ("exit".equals(call.name) || "halt".equals(call.name)) && "(I)V".equals(call.desc)) {
            call.setOpcode(Opcodes.INVOKESTATIC);
            call.owner = RUNTIME;
            call.name = "exit".equals(call.name) ? "runtimeExit" : "runtimeHalt";
            call.desc = "(Ljava/lang/Runtime;I)V";
        }
    }
}
