package dev.jtrack.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.VarSnippet;

/**
 * Evaluates Java source: splits it into JShell snippets and runs them one by one, stopping at the
 * first error. Must be called with the engine's shell lock held.
 */
final class SnippetRunner {
    /** The value of the code's final expression, if it ends with one. */
    record Result(boolean hasValue, Object value) {
        static final Result NONE = new Result(false, null);
    }

    private final JShell jshell;
    private final InProcessExecutionControl control;
    private final SnippetOrigins origins;
    private final Tracebacks tracebacks;

    SnippetRunner(JShell jshell, InProcessExecutionControl control, SnippetOrigins origins, Tracebacks tracebacks) {
        this.jshell = jshell;
        this.control = control;
        this.origins = origins;
        this.tracebacks = tracebacks;
    }

    /**
     * Runs {@code code}, which starts on 1-based line {@code firstLine} of cell {@code executionCount}.
     *
     * @param declared receives the snippets the code declared (for the cell's record)
     */
    Result run(String code, int firstLine, int executionCount, List<Snippet> declared) throws CellFailure {
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        String rest = code;
        Result result = Result.NONE;
        List<DeclarationSnippet> pending = new ArrayList<>();
        while (!rest.isBlank()) {
            checkInterrupted();
            int offset = code.length() - rest.length();
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break;
            }
            String source;
            String remaining;
            if (info.completeness().isComplete() && info.remaining().length() < rest.length()) {
                source = info.source();
                remaining = info.remaining();
            } else {
                source = rest.strip();
                remaining = "";
            }
            int lead = 0;
            while (lead < source.length() && Character.isWhitespace(source.charAt(lead))) {
                lead++;
            }
            source = source.substring(lead);
            int start = rest.startsWith(source.substring(0, Math.min(source.length(), 8)), lead)
                    ? offset + lead : locate(code, offset, source);
            int line = firstLine + (int) code.substring(0, start).chars().filter(c -> c == '\n').count();
            result = evalOne(source, line, executionCount, declared, pending, !info.completeness().isComplete());
            rest = remaining;
        }
        for (DeclarationSnippet snippet : pending) {
            Snippet.Status status = jshell.status(snippet);
            if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> missing = jshell.unresolvedDependencies(snippet).toList();
                throw new CellFailure(new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                        tracebacks.simpleError("UnresolvedReferenceException", describe(snippet)
                                + " cannot be used until " + String.join(", ", missing) + " is declared")));
            }
        }
        return result;
    }

    private Result evalOne(String source, int line, int executionCount, List<Snippet> declared,
            List<DeclarationSnippet> pending, boolean incomplete) throws CellFailure {
        control.reset();
        List<SnippetEvent> events = jshell.eval(source);
        SnippetEvent main = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                main = event;
                break;
            }
        }
        if (main == null) {
            if (incomplete) {
                throw new CellFailure(new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                        tracebacks.simpleError("CompilationException", "line " + line
                                + ": the code is incomplete (an unclosed comment, string, bracket or block?)")));
            }
            return Result.NONE;
        }
        Snippet snippet = main.snippet();
        origins.put(snippet.id(), new SnippetOrigins.Origin(executionCount, line, snippet.source()));
        if (main.status() == Snippet.Status.REJECTED) {
            List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).toList();
            throw new CellFailure(new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    tracebacks.compileError(errors, snippet.source(), line)));
        }
        if (main.exception() != null) {
            Throwable real = control.lastThrowable();
            if (Interruption.isRequested() || real instanceof CellInterruptedError
                    || CellInterruptedError.class.getName().equals(Tracebacks.exceptionClassName(main.exception()))) {
                throw interrupted();
            }
            throw new CellFailure(new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    tracebacks.runtimeError(main.exception(), real)));
        }
        checkInterrupted();
        if (snippet instanceof jdk.jshell.TypeDeclSnippet type) {
            dropImportsNamed(type.name());
        }
        if (snippet instanceof DeclarationSnippet declaration) {
            declared.add(snippet);
            pending.add(declaration);
        }
        if (snippet instanceof ExpressionSnippet expression) {
            return valueOf(expression.typeName());
        }
        if (snippet instanceof VarSnippet variable && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            Result result = valueOf(variable.typeName());
            release(variable);
            return result;
        }
        return Result.NONE;
    }

    /**
     * A class the notebook declares wins over a single-type import of the same simple name (a
     * default import such as {@code Charts}, or an earlier import): JShell keeps both otherwise, and
     * every later use of the name is ambiguous.
     */
    private void dropImportsNamed(String simpleName) {
        List<jdk.jshell.ImportSnippet> clashing = jshell.imports()
                .filter(i -> !i.isStatic() && i.name().equals(simpleName) && !i.fullname().endsWith(".*"))
                .filter(i -> jshell.status(i).isActive())
                .toList();
        clashing.forEach(jshell::drop);
    }

    /**
     * Drops JShell's temporary variable ($1, $2, ...) for an expression's value and clears it, so a
     * large cell result is not kept alive for the whole session by a name nobody uses.
     */
    private void release(VarSnippet temporary) {
        try {
            String className = jshell.sourceCodeAnalysis().wrapper(temporary).fullClassName();
            control.clearVariable(className, temporary.name());
            jshell.drop(temporary);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Keeping the value alive is harmless; failing the cell over it would not be.
        }
    }

    private Result valueOf(String typeName) {
        return "void".equals(typeName) ? Result.NONE : new Result(true, control.lastValue());
    }

    private static CellFailure interrupted() {
        return new CellFailure(interruptedOutcome());
    }

    /** The outcome of an interrupted cell. */
    static ExecutionOutcome interruptedOutcome() {
        return new ExecutionOutcome(ExecutionOutcome.Status.INTERRUPTED, null,
                new ErrorInfo("InterruptedException", "The cell was interrupted",
                        List.of("\u001b[0;31mInterrupted\u001b[0m: the cell was stopped; variables defined before it are kept")));
    }

    static void checkInterrupted() throws CellFailure {
        if (Interruption.isRequested()) {
            throw interrupted();
        }
    }

    private static String describe(DeclarationSnippet snippet) {
        String kind = switch (snippet.kind()) {
            case METHOD -> "method";
            case VAR -> "variable";
            default -> "type";
        };
        return kind + " " + snippet.name();
    }

    /** Where {@code source} (possibly with a semicolon added) starts in {@code code}, searching from {@code from}. */
    private static int locate(String code, int from, String source) {
        String probe = source.strip();
        int newline = probe.indexOf('\n');
        if (newline > 0) {
            probe = probe.substring(0, newline);
        }
        probe = probe.substring(0, Math.min(probe.length(), 12));
        if (probe.endsWith(";")) {
            probe = probe.substring(0, probe.length() - 1);
        }
        int found = probe.isEmpty() ? -1 : code.indexOf(probe, from);
        if (found >= 0) {
            return found;
        }
        int i = from;
        while (i < code.length() && Character.isWhitespace(code.charAt(i))) {
            i++;
        }
        return Math.min(i, code.length());
    }
}
