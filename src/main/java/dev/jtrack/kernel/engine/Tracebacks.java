package dev.jtrack.kernel.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.UnresolvedReferenceException;

/** Builds Jupyter errors from JShell's diagnostics and exceptions, in terms of the user's cells. */
final class Tracebacks {
    private static final String RED = "\u001b[0;31m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    private static final int MAX_FRAMES = 60;

    private final SnippetOrigins origins;

    Tracebacks(SnippetOrigins origins) {
        this.origins = origins;
    }

    /** A compile error: javac's messages with the cell line, the source line and a caret. */
    ErrorInfo compileError(List<Diag> errors, String source, int firstLine) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : errors) {
            int position = (int) Math.max(0, Math.min(diag.getPosition() < 0 ? diag.getStartPosition() : diag.getPosition(), source.length()));
            int lineStart = source.lastIndexOf('\n', position - 1) + 1;
            int lineEnd = source.indexOf('\n', position);
            if (lineEnd < 0) {
                lineEnd = source.length();
            }
            int snippetLine = 1 + (int) source.substring(0, lineStart).chars().filter(c -> c == '\n').count();
            int cellLine = firstLine + snippetLine - 1;
            String message = diag.getMessage(Locale.ROOT);
            String head = "line " + cellLine + ": " + message;
            if (first == null) {
                first = head;
            }
            traceback.add(RED + BOLD + head + RESET);
            traceback.add("    " + source.substring(lineStart, lineEnd));
            traceback.add("    " + " ".repeat(Math.max(0, position - lineStart)) + "^");
        }
        return new ErrorInfo("CompilationException", first == null ? "compilation failed" : first, traceback);
    }

    /** A compile-time problem that is not a javac diagnostic (e.g. unresolved references). */
    ErrorInfo simpleError(String ename, String message) {
        return new ErrorInfo(ename, message, List.of(RED + BOLD + ename + RESET + ": " + message));
    }

    /**
     * A runtime error.
     *
     * @param thrown JShell's exception, whose stack frames are already translated to snippet lines
     * @param real the exception object notebook code really threw, or {@code null}
     */
    ErrorInfo runtimeError(Exception thrown, Throwable real) {
        String ename = real != null ? real.getClass().getName() : exceptionClassName(thrown);
        String evalue = real != null ? String.valueOf(real.getMessage()) : String.valueOf(thrown.getMessage());
        if (thrown instanceof UnresolvedReferenceException unresolved) {
            ename = "UnresolvedReferenceException";
            evalue = unresolved.getSnippet() + " cannot be used until what it refers to is declared";
        }
        List<String> traceback = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable current = thrown;
        boolean firstLevel = true;
        while (current != null && !seen.containsKey(current)) {
            seen.put(current, true);
            String name = firstLevel ? ename : exceptionClassName(current);
            String message = firstLevel ? evalue : current.getMessage();
            traceback.add((firstLevel ? "" : "Caused by: ") + RED + BOLD + name + RESET
                    + (message == null || "null".equals(message) ? "" : ": " + message));
            addFrames(current.getStackTrace(), traceback);
            current = current.getCause();
            firstLevel = false;
        }
        return new ErrorInfo(ename, evalue, traceback);
    }

    private void addFrames(StackTraceElement[] frames, List<String> traceback) {
        List<String> user = new ArrayList<>();
        List<String> library = new ArrayList<>();
        for (StackTraceElement frame : frames) {
            String file = frame.getFileName();
            SnippetOrigins.Origin origin = file != null && file.startsWith("#") ? origins.get(file.substring(1)) : null;
            if (origin != null) {
                String where = frame.getClassName().isEmpty() && frame.getMethodName().isEmpty() ? ""
                        : " in " + describe(frame);
                user.add("    at cell [" + origin.executionCount() + "] line " + origin.cellLine(frame.getLineNumber())
                        + where + ": " + origin.line(frame.getLineNumber()).strip());
            } else if (!isInternal(frame.getClassName())) {
                library.add("    at " + frame);
            }
        }
        traceback.addAll(user.subList(0, Math.min(user.size(), MAX_FRAMES)));
        if (!library.isEmpty()) {
            traceback.add("  in libraries:");
            traceback.addAll(library.subList(0, Math.min(library.size(), MAX_FRAMES)));
        }
    }

    private static String describe(StackTraceElement frame) {
        String klass = frame.getClassName();
        String method = frame.getMethodName();
        if (klass.isEmpty()) {
            return method + "()";
        }
        return method.isEmpty() ? klass : klass + "." + method + "()";
    }

    private static boolean isInternal(String className) {
        return className.startsWith("jdk.jshell.") || className.startsWith("dev.jtrack.kernel.")
                || className.startsWith("jdk.internal.reflect.") || className.startsWith("java.lang.reflect.")
                || className.startsWith("REPL.");
    }

    static String exceptionClassName(Throwable t) {
        return t instanceof EvalException eval ? eval.getExceptionClassName() : t.getClass().getName();
    }
}
