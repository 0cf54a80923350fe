package dev.jtrack.kernel.engine;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell's snippets in the kernel's own JVM, on the thread that calls {@code JShell.eval}.
 * Unlike JShell's stock direct control it keeps the real value of the last invocation and the real
 * exception it threw (JShell itself only passes strings on), and it tells the engine when user code
 * starts and stops running so that the engine can let completion requests in meanwhile.
 */
final class InProcessExecutionControl extends DirectExecutionControl {
    /** Hooks around user code, called on the executing thread. */
    interface UserCodeListener {
        void entering();

        void leaving();
    }

    private final UserCodeLoader loader;
    private final UserCodeListener listener;
    private Object lastValue;
    private Throwable lastThrowable;

    InProcessExecutionControl(UserCodeLoader loader, UserCodeListener listener) {
        super(loader.delegate());
        this.loader = loader;
        this.listener = listener;
    }

    /** Forgets the value and exception of the previous invocation. */
    void reset() {
        lastValue = null;
        lastThrowable = null;
    }

    Object lastValue() {
        return lastValue;
    }

    Throwable lastThrowable() {
        return lastThrowable;
    }

    /** The current value of the static field {@code name} of the snippet class {@code className}. */
    Object variable(String className, String name) throws ReflectiveOperationException {
        Field field = findClass(className).getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    /** Sets the static field {@code name} of the snippet class {@code className} to its default value. */
    void clearVariable(String className, String name) throws ReflectiveOperationException {
        Field field = findClass(className).getDeclaredField(name);
        if (!field.getType().isPrimitive()) {
            field.setAccessible(true);
            field.set(null, null);
        }
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Object value = doitMethod.invoke(null);
            lastValue = value;
            // JShell only shows this string in its own feedback, which the kernel does not use;
            // the real value is rendered by the engine, so toString() is not called twice.
            return value == null ? "null" : value.getClass().getName();
        } catch (InvocationTargetException e) {
            lastThrowable = e.getCause();
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        try {
            Object value = variable(className, varName);
            return value == null ? "null" : value.getClass().getName();
        } catch (ReflectiveOperationException e) {
            throw new InternalException(e.toString());
        }
    }

    @Override
    protected void clientCodeEnter() {
        listener.entering();
    }

    @Override
    protected void clientCodeLeave() {
        listener.leaving();
    }

    /** Hands one prepared control to JShell's builder. */
    static ExecutionControlProvider provider(InProcessExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jtrack-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }
}
