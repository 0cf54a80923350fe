package dev.jtrack.kernel.engine;

import dev.jtrack.kernel.magics.CellMagic;
import dev.jtrack.kernel.magics.CellParser;
import dev.jtrack.kernel.magics.LineMagic;
import dev.jtrack.kernel.magics.MagicContext;
import dev.jtrack.kernel.magics.MagicRegistry;
import dev.jtrack.maven.ResolvedDependency;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jdk.jshell.Snippet;

/** Runs the parts of one cell (Java and magics) in order; also what the cell's magics see. */
final class CellEvaluator implements MagicContext {
    /** Marks "no value": distinct from a final expression whose value is {@code null}. */
    static final Object NO_VALUE = new Object();

    private final SnippetRunner runner;
    private final int executionCount;
    private final List<Snippet> declared;
    private final MagicRegistry magics;
    private final Tracebacks tracebacks;
    private final Consumer<List<Path>> classpathAdder;
    private final Supplier<List<Path>> classpath;
    private final Consumer<List<ResolvedDependency>> dependencyRecorder;

    CellEvaluator(SnippetRunner runner, int executionCount, List<Snippet> declared, MagicRegistry magics,
            Tracebacks tracebacks, Consumer<List<Path>> classpathAdder, Supplier<List<Path>> classpath,
            Consumer<List<ResolvedDependency>> dependencyRecorder) {
        this.runner = runner;
        this.executionCount = executionCount;
        this.declared = declared;
        this.magics = magics;
        this.tracebacks = tracebacks;
        this.classpathAdder = classpathAdder;
        this.classpath = classpath;
        this.dependencyRecorder = dependencyRecorder;
    }

    /** Runs {@code parts}; returns the value of the last one, or {@link #NO_VALUE}. */
    Object evaluateParts(List<CellParser.Part> parts) throws Exception {
        Object last = NO_VALUE;
        for (CellParser.Part part : parts) {
            SnippetRunner.checkInterrupted();
            if (part instanceof CellParser.JavaPart java) {
                SnippetRunner.Result result = runner.run(java.code(), java.firstLine(), executionCount, declared);
                last = result.hasValue() ? result.value() : NO_VALUE;
            } else if (part instanceof CellParser.LineMagicPart line) {
                LineMagic magic = magics.line(line.name());
                if (magic == null) {
                    throw unknown(line.name(), false);
                }
                last = orNoValue(magic.run(line.args(), this));
            } else if (part instanceof CellParser.CellMagicPart cell) {
                CellMagic magic = magics.cell(cell.name());
                if (magic == null) {
                    throw unknown(cell.name(), true);
                }
                last = orNoValue(magic.run(cell.args(), cell.body(), this));
            }
        }
        return last;
    }

    private static Object orNoValue(Object value) {
        return value == null ? NO_VALUE : value;
    }

    private CellFailure unknown(String name, boolean cell) {
        return new CellFailure(new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                tracebacks.simpleError("UnknownMagic", magics.unknownMessage(name, cell))));
    }

    @Override
    public Object evaluate(String code) throws Exception {
        Object value = evaluateParts(CellParser.parse(code));
        return value == NO_VALUE ? null : value;
    }

    @Override
    public void addToClasspath(List<Path> entries) {
        classpathAdder.accept(entries);
    }

    @Override
    public List<Path> classpath() {
        return classpath.get();
    }

    @Override
    public MagicRegistry magics() {
        return magics;
    }

    @Override
    public void recordDependencies(List<ResolvedDependency> resolved) {
        dependencyRecorder.accept(resolved);
    }

    @Override
    public Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
