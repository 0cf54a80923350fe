package dev.jtrack.kernel;

import dev.jtrack.kernel.engine.CompletionResult;
import dev.jtrack.kernel.engine.ErrorInfo;
import dev.jtrack.kernel.engine.ExecuteRequest;
import dev.jtrack.kernel.engine.ExecutionEngine;
import dev.jtrack.kernel.engine.ExecutionOutcome;
import dev.jtrack.kernel.engine.InspectionResult;
import dev.jtrack.kernel.engine.IsCompleteResult;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.engine.OutputSink;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-scope engine for the protocol layer's own tests (the integration tests use the real
 * JShellEngine). Cells are tiny commands: {@code print:TEXT}, {@code fail:MESSAGE}, {@code input},
 * {@code spin} (runs until interrupted); anything else evaluates to itself.
 */
final class ScriptedEngine implements ExecutionEngine {
    final List<ExecuteRequest> executed = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    @Override
    public String languageVersion() {
        return "17";
    }

    @Override
    public ExecutionOutcome execute(ExecuteRequest request, OutputSink sink) {
        executed.add(request);
        String code = request.code();
        if (code.startsWith("print:")) {
            sink.stream("stdout", code.substring(6));
            return ExecutionOutcome.ok(null);
        }
        if (code.startsWith("fail:")) {
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    new ErrorInfo("java.lang.RuntimeException", code.substring(5), List.of("trace")));
        }
        if (code.equals("input")) {
            try {
                return ExecutionOutcome.ok(new MimeBundle().put("text/plain", sink.inputRequest("name? ", false)));
            } catch (IOException e) {
                return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                        new ErrorInfo("java.io.IOException", e.getMessage(), List.of()));
            }
        }
        if (code.equals("spin")) {
            interrupted = false;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!interrupted && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return new ExecutionOutcome(ExecutionOutcome.Status.INTERRUPTED, null,
                    new ErrorInfo("InterruptedException", "interrupted", List.of()));
        }
        return ExecutionOutcome.ok(new MimeBundle().put("text/plain", code));
    }

    @Override
    public void interrupt() {
        interrupted = true;
    }

    @Override
    public CompletionResult complete(String code, int cursor) {
        return new CompletionResult(List.of("completion"), cursor, cursor, Map.of());
    }

    @Override
    public InspectionResult inspect(String code, int cursor, int detailLevel) {
        return new InspectionResult(true, new MimeBundle().put("text/plain", "doc " + cursor));
    }

    @Override
    public IsCompleteResult isComplete(String code) {
        return new IsCompleteResult(code.endsWith("{") ? "incomplete" : "complete", "    ");
    }

    @Override
    public void close() {}
}
