package dev.jtrack.kernel.engine;

import dev.jtrack.kernel.display.DisplayService;
import dev.jtrack.kernel.display.RendererRegistry;
import dev.jtrack.kernel.extension.CellStart;
import dev.jtrack.kernel.extension.ExtensionManager;
import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;
import dev.jtrack.kernel.extension.VariableChange;
import dev.jtrack.kernel.magics.CellMagic;
import dev.jtrack.kernel.magics.CellParser;
import dev.jtrack.kernel.magics.LineMagic;
import dev.jtrack.kernel.magics.MagicRegistry;
import dev.jtrack.kernel.magics.Magics;
import dev.jtrack.maven.ResolvedDependency;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;

/**
 * The JShell-based engine: notebook code runs in this JVM, in classes rewritten so that interrupt
 * and {@code System.exit} are safe (see {@link StopInstrumenter}). {@link #create} returns at once;
 * the shell is built and warmed up on a background thread, and the first request waits for it.
 */
public final class JShellEngine implements ExecutionEngine {
    /** Imports every session starts with. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.util.stream.*", "java.time.*", "java.nio.file.*", "java.io.*", "java.math.*");
    private static final long STOP_GRACE_MS = 1500;

    private final List<String> compilerOptions;
    private final CompletableFuture<Shell> shell = new CompletableFuture<>();
    /** Guards JShell's state; released while notebook code runs, so completion can use JShell meanwhile. */
    private final ReentrantLock shellLock = new ReentrantLock();
    /** Held for a whole cell (and the warm-up): one evaluation at a time. */
    private final ReentrantLock executionLock = new ReentrantLock();
    private final RendererRegistry renderers = RendererRegistry.withBuiltIns();
    private final MagicRegistry magics = new MagicRegistry();
    private final SnippetOrigins origins = new SnippetOrigins();
    private final Tracebacks tracebacks = new Tracebacks(origins);
    private final List<ResolvedDependency> dependencies = new CopyOnWriteArrayList<>();
    private final ExtensionManager extensions;
    private final UserCodeLoader loader = new UserCodeLoader(JShellEngine.class.getClassLoader());
    private volatile Thread executionThread;
    /** Increases with every cell, so that a late interrupt watchdog never touches a later cell. */
    private final java.util.concurrent.atomic.AtomicLong cellNumber = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean inUserCode;
    private volatile Analysis analysis;

    private record Shell(JShell jshell, InProcessExecutionControl control, SnippetRunner runner, VariableTracker variables) {}

    private JShellEngine(List<String> compilerOptions) {
        this.compilerOptions = List.copyOf(compilerOptions);
        this.extensions = new ExtensionManager(new Session());
        Magics.registerBuiltIns(magics);
    }

    /**
     * Creates an engine; returns without waiting for JShell to start.
     *
     * @param compilerOptions extra javac options for notebook code (e.g. {@code --enable-preview})
     */
    public static JShellEngine create(List<String> compilerOptions) {
        if (System.getProperty("java.awt.headless") == null) {
            // Charts and images are drawn off screen; a kernel never has a display of its own.
            System.setProperty("java.awt.headless", "true");
        }
        StdioRouter.install();
        JShellEngine engine = new JShellEngine(compilerOptions);
        DisplayService.use(engine.renderers);
        Thread starter = new Thread(engine::start, "jtrack-jshell-start");
        starter.setDaemon(true);
        starter.start();
        return engine;
    }

    private void start() {
        executionLock.lock();
        shellLock.lock();
        try {
            InProcessExecutionControl control = new InProcessExecutionControl(loader, new InProcessExecutionControl.UserCodeListener() {
                @Override
                public void entering() {
                    // Completion and inspection may use JShell while notebook code runs.
                    shellLock.unlock();
                    inUserCode = true;
                }

                @Override
                public void leaving() {
                    inUserCode = false;
                    shellLock.lock();
                }
            });
            JShell jshell = JShell.builder()
                    .executionEngine(InProcessExecutionControl.provider(control), Map.of())
                    .compilerOptions(compilerOptions.toArray(String[]::new))
                    .build();
            for (String imported : DEFAULT_IMPORTS) {
                jshell.eval("import " + imported + ";");
            }
            Shell ready = new Shell(jshell, control, new SnippetRunner(jshell, control, origins, tracebacks),
                    new VariableTracker(jshell, control));
            analysis = new Analysis(jshell, magics);
            importExtensionClasses(jshell, extensions.scan(JShellEngine.class.getClassLoader()));
            shell.complete(ready);
            if (!Boolean.getBoolean("jtrack.noWarmUp")) {
                warmUp(jshell);
            }
        } catch (Throwable e) {
            shell.completeExceptionally(e);
        } finally {
            shellLock.unlock();
            executionLock.unlock();
        }
    }

    /** The extensions' {@link KernelExtension#defaultImports()} (single types only) and {@link KernelExtension#staticImports()}. */
    private static void importExtensionClasses(JShell jshell, List<KernelExtension> started) {
        for (KernelExtension extension : started) {
            for (String type : extension.staticImports()) {
                if (!type.matches("[\\w$]+(\\.[\\w$]+)+")) {
                    StdioRouter.originalErr().println("jtrack: extension " + extension.getClass().getName()
                            + " names no class to import statically: " + type);
                    continue;
                }
                jshell.eval("import static " + type + ".*;");
            }
            for (String type : extension.defaultImports()) {
                if (!type.matches("[\\w$]+(\\.[\\w$]+)+")) {
                    StdioRouter.originalErr().println("jtrack: extension " + extension.getClass().getName()
                            + " names no class to import: " + type);
                    continue;
                }
                jshell.eval("import " + type + ";");
            }
        }
    }

    /** Throwaway cells that take the per-cell path through javac, class loading and rendering. */
    private static final List<String> WARM_UP_CELLS = List.of(
            "1 + 1",
            "int $jtrackWarm1 = 2;\n$jtrackWarm1 * 21",
            "String $jtrackWarm2(int x) { return \"v\" + x; }\n$jtrackWarm2(3).length()",
            "var $jtrackWarm3 = new ArrayList<Integer>(List.of(3, 1, 2));\nCollections.sort($jtrackWarm3);\n$jtrackWarm3",
            "record $JtrackWarm4(int a) { }\nnew $JtrackWarm4(1)",
            "for (int i = 0; i < 3; i++) { $jtrackWarm1 += i; }",
            "\"x\".repeat(3)",
            "Math.max(2, 3)");

    /**
     * Runs throwaway cells so that the first real cell does not pay for class loading and JIT
     * compilation; stops early as soon as a real cell is waiting. Runs holding the execution lock.
     */
    private void warmUp(JShell jshell) {
        OutputSink discard = new DiscardingSink();
        try {
            for (int round = 0; round < 3; round++) {
                for (String cell : WARM_UP_CELLS) {
                    if (executionLock.hasQueuedThreads()) {
                        return;
                    }
                    execute(new ExecuteRequest(cell, 0, null, true, false, false, Map.of()), discard);
                    if (shellLock.hasQueuedThreads()) {
                        return;
                    }
                    analysis.complete(cell, cell.length());
                    analysis.isComplete(cell);
                }
            }
            analysis.inspect("Math.max(1, 2)", 6, 0);
        } finally {
            jshell.snippets()
                    .filter(snippet -> snippet.kind() != Snippet.Kind.IMPORT)
                    .filter(snippet -> jshell.status(snippet).isActive())
                    .toList()
                    .forEach(jshell::drop);
        }
    }

    private Shell shell() {
        try {
            return shell.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell starts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell could not start: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public String languageVersion() {
        return Integer.toString(Runtime.version().feature());
    }

    @Override
    public ExecutionOutcome execute(ExecuteRequest request, OutputSink sink) {
        // Cleared before waiting for the shell, so an interrupt sent while this cell waits still stops it.
        Interruption.clear();
        CallSites.reset();
        Shell ready;
        try {
            ready = shell();
        } catch (IllegalStateException e) {
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    tracebacks.simpleError("KernelStartException", e.getMessage()));
        }
        Thread.interrupted();
        RecordingSink recording = new RecordingSink(sink);
        Instant startTime = Instant.now();
        long start = System.nanoTime();
        boolean record = !request.silent();
        if (record) {
            extensions.beforeCell(new CellStart(request.code(), request.cellId(), request.executionCount(), startTime));
        }
        ExecutionOutcome outcome;
        List<VariableChange> changes = List.of();
        List<Snippet> declared = new ArrayList<>();
        executionLock.lock();
        try {
            shellLock.lock();
            cellNumber.incrementAndGet();
            executionThread = Thread.currentThread();
            StdioRouter.bind(recording);
            try {
                VariableTracker.Snapshot before = record ? ready.variables().snapshot() : null;
                outcome = runCell(ready, request, declared);
                if (record) {
                    changes = ready.variables().changes(before, declared);
                }
            } catch (Error e) {
                // Only Thread.stop's ThreadDeath (the Java 17 last resort of interrupt) gets here.
                if (!"java.lang.ThreadDeath".equals(e.getClass().getName())) {
                    throw e;
                }
                outcome = SnippetRunner.interruptedOutcome();
            } finally {
                StdioRouter.unbind(recording);
                executionThread = null;
                Thread.interrupted();
                if (shellLock.isHeldByCurrentThread()) {
                    shellLock.unlock();
                }
            }
        } finally {
            executionLock.unlock();
        }
        if (record) {
            extensions.afterCell(CellRecords.of(request, startTime, Duration.ofNanos(System.nanoTime() - start), outcome,
                    recording, changes));
        }
        recording.stopRecording();
        return outcome;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Holds the execution lock, so it never overlaps a cell or the warm-up; output of the task
     * and of threads it starts goes to {@code sink}; {@link #interrupt()} stops it as it stops a
     * cell.
     */
    @Override
    public ExecutionOutcome callback(Runnable task, OutputSink sink) {
        Interruption.clear();
        try {
            shell();
        } catch (IllegalStateException e) {
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    tracebacks.simpleError("KernelStartException", e.getMessage()));
        }
        Thread.interrupted();
        executionLock.lock();
        try {
            cellNumber.incrementAndGet();
            executionThread = Thread.currentThread();
            StdioRouter.bind(sink);
            try {
                task.run();
                return ExecutionOutcome.ok(null);
            } catch (CellInterruptedError e) {
                return SnippetRunner.interruptedOutcome();
            } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
                if (Interruption.isRequested()) {
                    return SnippetRunner.interruptedOutcome();
                }
                return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                        tracebacks.runtimeError(e instanceof Exception ex ? ex : new RuntimeException(e), e));
            } catch (Error e) {
                if (!"java.lang.ThreadDeath".equals(e.getClass().getName())) {
                    throw e;
                }
                return SnippetRunner.interruptedOutcome();
            } finally {
                StdioRouter.unbind(sink);
                executionThread = null;
                Thread.interrupted();
            }
        } finally {
            executionLock.unlock();
        }
    }

    private ExecutionOutcome runCell(Shell ready, ExecuteRequest request, List<Snippet> declared) {
        CellEvaluator context = new CellEvaluator(ready.runner(), request.executionCount(), declared, magics, tracebacks,
                entries -> addToClasspath(ready, entries), loader::classpath, dependencies::addAll);
        try {
            Object value = context.evaluateParts(CellParser.parse(request.code()));
            if (value == CellEvaluator.NO_VALUE) {
                return ExecutionOutcome.ok(null);
            }
            try {
                return ExecutionOutcome.ok(renderers.render(value));
            } catch (RuntimeException | LinkageError e) {
                return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                        tracebacks.simpleError(e.getClass().getName(), "could not show the cell's value: " + e.getMessage()));
            }
        } catch (CellFailure failure) {
            return failure.outcome();
        } catch (CellInterruptedError e) {
            return SnippetRunner.interruptedOutcome();
        } catch (Exception | LinkageError e) {
            if (Interruption.isRequested()) {
                return SnippetRunner.interruptedOutcome();
            }
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null, tracebacks.simpleError(e.getClass().getName(), message));
        }
    }

    private void addToClasspath(Shell ready, List<Path> entries) {
        for (Path entry : entries) {
            String path = entry.toAbsolutePath().normalize().toString();
            if (!loader.classpath().contains(Path.of(path))) {
                ready.jshell().addToClasspath(path);
            }
        }
        extensions.scan(loader);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sets a flag that every loop iteration and method entry of notebook code checks, and
     * interrupts the executing thread (for sleeps and waits). The flag stays set until the next cell
     * starts, so loops in threads that cells started stop too; an interrupt while no cell runs
     * therefore stops runaway background threads. Code that loops inside a library without calling
     * back into notebook code cannot be stopped this way; on Java 17-19 {@code Thread.stop} is
     * used for it after {@value #STOP_GRACE_MS} ms.
     */
    @Override
    public void interrupt() {
        Interruption.request();
        Thread thread = executionThread;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        long cell = cellNumber.get();
        Thread watchdog = new Thread(() -> stopIfStuck(thread, cell), "jtrack-interrupt-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Last resort for code that does not reach an instrumented check (e.g. a long loop inside a
     * library): where {@code Thread.stop} still exists (Java 17-19), use it after a grace period.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private void stopIfStuck(Thread thread, long cell) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MS);
        while (stillRunning(thread, cell) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
        if (stillRunning(thread, cell) && inUserCode && Runtime.version().feature() < 20) {
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                // Thread.stop is gone on this JDK: the instrumented checks are all there is.
            }
        }
    }

    private boolean stillRunning(Thread thread, long cell) {
        return executionThread == thread && cellNumber.get() == cell;
    }

    @Override
    public CompletionResult complete(String code, int cursor) {
        return withAnalysis(a -> a.complete(code, cursor), new CompletionResult(List.of(), cursor, cursor, Map.of()));
    }

    @Override
    public InspectionResult inspect(String code, int cursor, int detailLevel) {
        return withAnalysis(a -> a.inspect(code, cursor, detailLevel), InspectionResult.notFound());
    }

    @Override
    public IsCompleteResult isComplete(String code) {
        return withAnalysis(a -> a.isComplete(code), new IsCompleteResult("unknown", ""));
    }

    private Analysis analysis() {
        try {
            shell();
        } catch (IllegalStateException e) {
            return null;
        }
        return analysis;
    }

    private <T> T withAnalysis(java.util.function.Function<Analysis, T> action, T fallback) {
        Analysis ready = analysis();
        if (ready == null) {
            return fallback;
        }
        try {
            if (!shellLock.tryLock(2, TimeUnit.SECONDS)) {
                return fallback;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
        try {
            return action.apply(ready);
        } catch (RuntimeException e) {
            StdioRouter.originalErr().println("jtrack: analysis failed: " + e);
            return fallback;
        } finally {
            shellLock.unlock();
        }
    }

    /** The renderer registry used for results and display calls. */
    public RendererRegistry renderers() {
        return renderers;
    }

    /** The magics this engine knows. */
    public MagicRegistry magics() {
        return magics;
    }

    /** Artifacts resolved by {@code %maven} so far, in order: what tracking reports as the notebook's dependencies. */
    public List<ResolvedDependency> resolvedDependencies() {
        return List.copyOf(dependencies);
    }

    /**
     * The current values of the notebook's variables, by name (a variable holding {@code null} is
     * present with a null value). Waits while a cell runs.
     */
    public Map<String, Object> variables() {
        Shell ready = shell();
        executionLock.lock();
        shellLock.lock();
        try {
            return java.util.Collections.unmodifiableMap(new java.util.HashMap<>(ready.variables().snapshot().values()));
        } finally {
            shellLock.unlock();
            executionLock.unlock();
        }
    }

    /** The loaded kernel extensions. */
    public ExtensionManager extensions() {
        return extensions;
    }

    @Override
    public void close() {
        extensions.shutdown();
        if (shell.isDone() && !shell.isCompletedExceptionally()) {
            shell().jshell().close();
        }
    }

    private final class Session implements KernelSession {
        @Override
        public void registerLineMagic(String name, LineMagic magic) {
            magics.registerLine(name, magic);
        }

        @Override
        public void registerCellMagic(String name, CellMagic magic) {
            magics.registerCell(name, magic);
        }

        @Override
        public <T> void registerRenderer(Class<T> type, dev.jtrack.kernel.display.Renderer<? super T> renderer) {
            renderers.register(type, renderer);
        }

        @Override
        public String javaVersion() {
            return languageVersion();
        }

        @Override
        public List<String> compilerOptions() {
            return compilerOptions;
        }

        @Override
        public List<Path> classpath() {
            return loader.classpath();
        }

        @Override
        public List<ResolvedDependency> dependencies() {
            return resolvedDependencies();
        }

        @Override
        public ClassLoader notebookClassLoader() {
            return loader;
        }

        @Override
        public dev.jtrack.kernel.comm.Comms comms() {
            return dev.jtrack.kernel.comm.Comms.current();
        }

        @Override
        public void observeCalls(dev.jtrack.kernel.extension.CallObserver observer) {
            CallSites.register(observer);
        }
    }
}
