package dev.jtrack.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StopInstrumenterTest {
    /** Compiled by the test build; rewritten and loaded in its own loader below. */
    public static final class Sample {
        public static long spin(long n) {
            long s = 0;
            for (long i = 0; i < n; i++) {
                s += i;
            }
            return s;
        }

        public static void quit() {
            System.exit(9);
        }

        public static void haltReference() {
            java.util.function.IntConsumer halt = Runtime.getRuntime()::halt;
            halt.accept(8);
        }
    }

    @AfterEach
    void clear() {
        Interruption.clear();
    }

    private static Class<?> rewritten() throws Exception {
        String resource = Sample.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = Sample.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        byte[] instrumented = StopInstrumenter.instrument(bytes);
        ClassLoader loader = new ClassLoader(StopInstrumenterTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(Sample.class.getName())) {
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> done = findLoadedClass(name);
                        return done != null ? done : defineClass(name, instrumented, 0, instrumented.length);
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        return loader.loadClass(Sample.class.getName());
    }

    private static Throwable failure(Method method, Object... args) {
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> method.invoke(null, args));
        return e.getCause();
    }

    @Test
    void rewrittenCodeStillComputesTheSame() throws Exception {
        Method spin = rewritten().getMethod("spin", long.class);
        assertEquals(Sample.spin(1000), spin.invoke(null, 1000L));
    }

    @Test
    void loopsAndMethodEntriesThrowOnceInterruptIsRequested() throws Exception {
        Method spin = rewritten().getMethod("spin", long.class);
        Interruption.request();
        assertTrue(failure(spin, 10L) instanceof CellInterruptedError);
    }

    @Test
    void exitCallsAndReferencesThrowInstead() throws Exception {
        Class<?> sample = rewritten();
        Throwable exit = failure(sample.getMethod("quit"));
        assertTrue(exit instanceof ExitAttemptError && exit.getMessage().contains("System.exit(9)"), String.valueOf(exit));
        Throwable halt = failure(sample.getMethod("haltReference"));
        assertTrue(halt instanceof ExitAttemptError && halt.getMessage().contains("Runtime.halt(8)"), String.valueOf(halt));
    }
}
