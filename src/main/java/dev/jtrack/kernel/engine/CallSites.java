package dev.jtrack.kernel.engine;

import dev.jtrack.kernel.extension.CallObserver;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The runtime side of observed calls (see {@link CallObserver}): {@link StopInstrumenter} puts a
 * call to {@link #enter} before, and to {@link #exit} right after, every call in notebook code of
 * a method whose name an observer registered and that returns an object. Public because the
 * rewritten notebook classes call it; not API.
 */
public final class CallSites {
    /** Deeper nesting than this (or entries left by calls that threw) is dropped, not kept. */
    private static final int MAX_DEPTH = 64;
    private static final CopyOnWriteArrayList<CallObserver> OBSERVERS = new CopyOnWriteArrayList<>();
    private static final Set<String> NAMES = new CopyOnWriteArraySet<>();
    private static final ThreadLocal<ArrayDeque<Call>> STARTS = ThreadLocal.withInitial(ArrayDeque::new);

    /** An observed call under way: when it started and what it was given. */
    private record Call(long start, Object[] arguments) {}

    private CallSites() {}

    /** Registers {@code observer}; cells compiled from now on have its methods' call sites rewritten. */
    static void register(CallObserver observer) {
        NAMES.addAll(observer.methods());
        OBSERVERS.add(observer);
    }

    /** Removes {@code observer} (its names stay rewritten in classes compiled meanwhile; tests). */
    static void unregister(CallObserver observer) {
        OBSERVERS.remove(observer);
        NAMES.clear();
        OBSERVERS.forEach(o -> NAMES.addAll(o.methods()));
    }

    /** Whether calls of a method named {@code name} are observed. */
    static boolean observed(String name) {
        return NAMES.contains(name);
    }

    /** Called right before an observed call with its arguments (primitives boxed; the receiver is not among them). */
    public static void enter(Object[] arguments) {
        ArrayDeque<Call> starts = STARTS.get();
        if (starts.size() >= MAX_DEPTH) {
            starts.pollLast();
        }
        starts.push(new Call(System.nanoTime(), arguments));
    }

    /** Called right after an observed call returned {@code result}; leaves the operand stack as it was. */
    public static void exit(Object result, String method) {
        long end = System.nanoTime();
        Call call = STARTS.get().poll();
        long elapsed = call == null ? 0 : end - call.start();
        List<Object> arguments = call == null ? List.of() : Arrays.asList(call.arguments());
        for (CallObserver o : OBSERVERS) {
            if (!o.methods().contains(method)) continue;
            try {
                o.returned(method, result, arguments, elapsed);
            } catch (RuntimeException | LinkageError e) {
                StdioRouter.originalErr().println("jtrack: a call observer failed on " + method + "(): " + e);
            }
        }
    }

    /** Forgets start times left by calls that threw (called when a cell starts). */
    static void reset() {
        STARTS.get().clear();
    }
}
