package dev.jtrack.kernel.engine;

import java.util.List;
import java.util.Map;

/** One engine shared by the tests of a JVM (starting JShell costs about a second). */
public final class EngineFixture {
    private static JShellEngine engine;
    private static int count;

    private EngineFixture() {}

    public static synchronized JShellEngine engine() {
        if (engine == null) {
            engine = JShellEngine.create(List.of());
        }
        return engine;
    }

    /** Runs {@code code} as the next cell. */
    public static ExecutionOutcome run(String code, TestSink sink) {
        int n;
        synchronized (EngineFixture.class) {
            n = ++count;
        }
        return engine().execute(new ExecuteRequest(code, n, "cell-" + n, false, true, true, Map.of()), sink);
    }

    public static ExecutionOutcome run(String code) {
        return run(code, new TestSink());
    }
}
