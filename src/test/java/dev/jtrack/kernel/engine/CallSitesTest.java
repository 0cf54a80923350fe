package dev.jtrack.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.extension.CallObserver;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Observed call sites: the rewritten class behaves as before and the observer sees each returned call, timed. */
class CallSitesTest {
    /** Compiled by the test build; rewritten and loaded in its own loader below (a library's methods, Tablesaw's here). */
    public static final class Sample {
        public static Object created() {
            Table t = Table.create("made");
            return t.name() + ":" + t.columnCount();
        }

        public static Object failing() {
            return Table.read().csv("/nonexistent/no.csv");
        }

        /** An instance call with a two-slot primitive among its arguments, a local kept across it. */
        public static Object withArguments() {
            long kept = 7L;
            DoubleColumn column = DoubleColumn.create("d", 2);
            double[] values = {0.5};
            column.set(1, 2.5 + values[0]);
            return column.getDouble(1) + ":" + kept;
        }

        public static String jdkCall() {
            return String.valueOf(42).concat("!");
        }
    }

    private record Seen(String method, Object result, List<Object> arguments, long nanos) {}

    private final List<Seen> seen = new ArrayList<>();
    private final CallObserver observer = new CallObserver() {
        @Override
        public Set<String> methods() {
            return Set.of("create", "csv", "concat", "set");
        }

        @Override
        public void returned(String method, Object result, java.util.List<Object> arguments, long elapsedNanos) {
            seen.add(new Seen(method, result, List.copyOf(arguments), elapsedNanos));
        }
    };

    @AfterEach
    void unregister() {
        CallSites.unregister(observer);
    }

    private static Class<?> rewritten() throws Exception {
        String resource = Sample.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = Sample.class.getClassLoader().getResourceAsStream(resource)) {
            bytes = in.readAllBytes();
        }
        byte[] instrumented = StopInstrumenter.instrument(bytes);
        ClassLoader loader = new ClassLoader(CallSitesTest.class.getClassLoader()) {
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

    @Test
    void theObserverSeesEachReturnedCallAndTheCodeBehavesAsBefore() throws Exception {
        CallSites.register(observer);
        Class<?> sample = rewritten();
        assertEquals("made:0", sample.getMethod("created").invoke(null));
        assertEquals(1, seen.size(), seen.toString());
        assertEquals("create", seen.get(0).method());
        assertTrue(seen.get(0).result() instanceof Table t && t.name().equals("made"));
        assertTrue(seen.get(0).nanos() > 0, "timed");

        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> sample.getMethod("failing").invoke(null));
        assertTrue(e.getCause() instanceof RuntimeException, e.getCause().toString());
        assertEquals(1, seen.size(), "a call that threw is not reported");

        assertEquals("42!", sample.getMethod("jdkCall").invoke(null));
        assertEquals(1, seen.size(), "calls into the JDK are never rewritten");

        CallSites.reset();
        assertEquals("made:0", sample.getMethod("created").invoke(null));
        assertEquals(2, seen.size());
        assertSame(Table.class, seen.get(1).result().getClass());
    }

    @Test
    void theObserverSeesTheArgumentsBoxedAndTheCallGetsThemUnchanged() throws Exception {
        CallSites.register(observer);
        assertEquals("3.0:7", rewritten().getMethod("withArguments").invoke(null));
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(List.of("d", 2), seen.get(0).arguments());
        assertEquals("set", seen.get(1).method());
        assertEquals(List.of(1, 3.0), seen.get(1).arguments());
    }

    @Test
    void aFailingObserverDoesNotBreakTheCall() throws Exception {
        CallObserver broken = new CallObserver() {
            @Override
            public Set<String> methods() {
                return Set.of("create");
            }

            @Override
            public void returned(String method, Object result, java.util.List<Object> arguments, long elapsedNanos) {
                throw new IllegalStateException("observer bug");
            }
        };
        CallSites.register(broken);
        try {
            assertEquals("made:0", rewritten().getMethod("created").invoke(null));
        } finally {
            CallSites.unregister(broken);
        }
    }
}
