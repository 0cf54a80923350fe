package dev.jtrack.kernel;

import dev.jtrack.kernel.engine.ErrorInfo;
import dev.jtrack.kernel.engine.ExecuteRequest;
import dev.jtrack.kernel.engine.ExecutionEngine;
import dev.jtrack.kernel.engine.ExecutionOutcome;
import dev.jtrack.kernel.protocol.Channel;
import dev.jtrack.kernel.protocol.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs execute_requests one at a time on a dedicated thread, so the shell's other requests are
 * answered while a cell runs. Implements execute_input, execute_result, error and execute_reply,
 * {@code silent}, {@code store_history}, {@code allow_stdin} and {@code stop_on_error} (after a
 * failed cell, the execute requests already queued are answered {@code aborted}).
 */
final class ExecutionService {
    private static final boolean TIMING = System.getenv("JTRACK_TIMING") != null;
    private final KernelIo io;
    private final EngineStarter engines;
    private final StdinBroker stdin;
    private final History history;
    private final CommRegistry comms;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private int executionCount;
    private boolean aborting;
    private volatile Message lastHandled;

    ExecutionService(KernelIo io, EngineStarter engines, StdinBroker stdin, History history, CommRegistry comms) {
        this.io = io;
        this.comms = comms;
        this.engines = engines;
        this.stdin = stdin;
        this.history = history;
        this.thread = new Thread(this::loop, "jtrack-execute");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues an execute_request. */
    void submit(Message request) {
        queue.add(request);
    }

    /** Queues a task to run like a comm handler, with the last request handled as parent. */
    void submit(Runnable task) {
        queue.add(task);
    }

    private void loop() {
        while (true) {
            Object item = queue.poll();
            if (item == null) {
                aborting = false;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (item instanceof Runnable task) {
                runTask(task);
                continue;
            }
            Message next = (Message) item;
            io.status(next, "busy");
            try {
                comms.setParent(next.header());
                lastHandled = next;
                if (next.type().startsWith("comm_")) {
                    comm(next);
                } else if (aborting) {
                    abort(next);
                } else {
                    execute(next);
                }
            } catch (RuntimeException e) {
                KernelLog.warn("execute_request failed: " + e);
            } finally {
                io.status(next, "idle");
            }
        }
    }

    /**
     * Handles a comm message from a front end like a cell: on this thread, in order with the cells,
     * its handler's output sent with the message as parent, an exception shown as an error message.
     * Never aborted after a failed cell (as ipykernel).
     */
    private void comm(Message message) {
        ExecutionEngine engine;
        try {
            engine = engines.await();
        } catch (EngineStarter.EngineUnavailableException e) {
            KernelLog.warn(message.type() + " ignored: " + e.getMessage());
            return;
        }
        callback(engine, message, () -> comms.dispatch(message));
    }

    private void runTask(Runnable task) {
        Message parent = lastHandled;
        if (parent == null) {
            KernelLog.warn("a kernel task before any request was dropped");
            return;
        }
        try {
            callback(engines.await(), parent, task);
        } catch (EngineStarter.EngineUnavailableException | RuntimeException e) {
            KernelLog.warn("a kernel task failed: " + e);
        }
    }

    private void callback(ExecutionEngine engine, Message message, Runnable task) {
        IopubSink sink = new IopubSink(io, stdin, message, false, false);
        ExecutionOutcome outcome = engine.callback(task, sink);
        sink.flush();
        if (outcome.status() != ExecutionOutcome.Status.OK) {
            ErrorInfo error = outcome.error() != null ? outcome.error()
                    : new ErrorInfo("InterruptedException", "", List.of());
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("ename", error.ename());
            content.put("evalue", error.evalue() == null ? "" : error.evalue());
            content.put("traceback", error.traceback() == null ? List.of() : error.traceback());
            io.publish(message.header(), "error", content);
        }
    }

    /**
     * Answers a request skipped after a failure. No {@code execution_count}, as ipykernel: JupyterLab
     * and Notebook 7 show a reply's count as the cell's prompt, so a count here marked a cell that
     * never ran as run.
     */
    private void abort(Message request) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "aborted");
        reply.put("user_expressions", Map.of());
        reply.put("payload", List.of());
        io.reply(Channel.SHELL, request, "execute_reply", reply);
    }

    private void execute(Message request) {
        String code = request.string("code", "");
        boolean silent = request.bool("silent", false);
        boolean storeHistory = !silent && request.bool("store_history", true);
        boolean allowStdin = request.bool("allow_stdin", true);
        boolean stopOnError = request.bool("stop_on_error", true);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("code", code);
            input.put("execution_count", count);
            io.publish(request.header(), "execute_input", input);
        }
        IopubSink sink = new IopubSink(io, stdin, request, silent, allowStdin);
        long t0 = System.nanoTime();
        ExecutionOutcome outcome = run(request, code, count, silent, storeHistory, allowStdin, sink);
        if (TIMING) {
            KernelLog.warn("engine.execute took " + (System.nanoTime() - t0) / 1000 + " us");
        }
        sink.flush();

        Map<String, Object> reply = new LinkedHashMap<>();
        String output = null;
        if (outcome.status() == ExecutionOutcome.Status.OK) {
            if (outcome.result() != null && !outcome.result().isEmpty()) {
                output = outcome.result().plainText();
                if (!silent) {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("execution_count", count);
                    result.put("data", outcome.result().data());
                    result.put("metadata", outcome.result().metadata());
                    io.publish(request.header(), "execute_result", result);
                }
            }
            reply.put("status", "ok");
            reply.put("execution_count", count);
            reply.put("user_expressions", userExpressions(request, count));
            reply.put("payload", List.of());
        } else {
            ErrorInfo error = outcome.error() != null ? outcome.error()
                    : new ErrorInfo(outcome.status() == ExecutionOutcome.Status.INTERRUPTED
                            ? "InterruptedException" : "Error", "", List.of());
            Map<String, Object> content = new LinkedHashMap<>();
            content.put("ename", error.ename());
            content.put("evalue", error.evalue() == null ? "" : error.evalue());
            content.put("traceback", error.traceback() == null ? List.of() : error.traceback());
            if (!silent) {
                io.publish(request.header(), "error", content);
            }
            reply.put("status", "error");
            reply.put("execution_count", count);
            reply.putAll(content);
            if (stopOnError) {
                aborting = true;
            }
        }
        io.reply(Channel.SHELL, request, "execute_reply", reply);
        if (storeHistory) {
            history.add(count, code, output);
        }
    }

    private ExecutionOutcome run(Message request, String code, int count, boolean silent, boolean storeHistory,
                                 boolean allowStdin, IopubSink sink) {
        try {
            ExecutionEngine engine = engines.await();
            ExecuteRequest executeRequest = new ExecuteRequest(code, count, cellId(request.metadata()), silent,
                    storeHistory, allowStdin, request.metadata());
            return engine.execute(executeRequest, sink);
        } catch (EngineStarter.EngineUnavailableException e) {
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    new ErrorInfo("KernelError", e.getMessage(), List.of("KernelError: " + e.getMessage())));
        } catch (RuntimeException | Error e) {
            KernelLog.warn("the engine failed on a cell: " + e);
            String message = e.getMessage() == null ? "" : e.getMessage();
            return new ExecutionOutcome(ExecutionOutcome.Status.ERROR, null,
                    new ErrorInfo(e.getClass().getName(), message, List.of(e.getClass().getName() + ": " + message)));
        }
    }

    /**
     * Evaluates the request's {@code user_expressions} silently after a successful cell, each to a
     * MIME bundle or an error, as protocol 5.3 describes.
     */
    private Map<String, Object> userExpressions(Message request, int count) {
        if (!(request.content().get("user_expressions") instanceof Map<?, ?> expressions) || expressions.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        IopubSink discard = new IopubSink(io, stdin, request, true, false);
        for (Map.Entry<?, ?> e : expressions.entrySet()) {
            String code = String.valueOf(e.getValue());
            ExecutionOutcome outcome = run(request, code, count, true, false, false, discard);
            Map<String, Object> value = new LinkedHashMap<>();
            if (outcome.status() == ExecutionOutcome.Status.OK) {
                value.put("status", "ok");
                value.put("data", outcome.result() == null ? Map.of() : outcome.result().data());
                value.put("metadata", outcome.result() == null ? Map.of() : outcome.result().metadata());
            } else {
                ErrorInfo error = outcome.error();
                value.put("status", "error");
                value.put("ename", error == null ? "Error" : error.ename());
                value.put("evalue", error == null || error.evalue() == null ? "" : error.evalue());
                value.put("traceback", error == null || error.traceback() == null ? List.of() : error.traceback());
            }
            out.put(String.valueOf(e.getKey()), value);
        }
        return out;
    }

    /** The cell id as JupyterLab ({@code cellId}) or VS Code ({@code cell_id}) send it. */
    static String cellId(Map<String, Object> metadata) {
        Object id = metadata.get("cellId");
        if (!(id instanceof String)) {
            id = metadata.get("cell_id");
        }
        return id instanceof String s && !s.isEmpty() ? s : null;
    }
}
