package dev.jtrack.kernel;

import dev.jtrack.kernel.engine.CompletionResult;
import dev.jtrack.kernel.engine.ExecutionEngine;
import dev.jtrack.kernel.engine.InspectionResult;
import dev.jtrack.kernel.engine.IsCompleteResult;
import dev.jtrack.kernel.protocol.Channel;
import dev.jtrack.kernel.protocol.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell requests other than execute and the comm messages: completion, inspection,
 * is_complete, history and comm_info.
 * They run on their own thread, so they are answered while a cell runs. Cursor positions arrive in
 * Unicode code points (protocol 5.2+) and are converted to the engine's UTF-16 indices and back.
 */
final class ShellRequests {
    private final KernelIo io;
    private final EngineStarter engines;
    private final History history;
    private final CommRegistry comms;

    ShellRequests(KernelIo io, EngineStarter engines, History history, CommRegistry comms) {
        this.io = io;
        this.engines = engines;
        this.history = history;
        this.comms = comms;
    }

    /** Answers {@code request}; false when its type is not a shell request we know. */
    boolean handle(Message request) {
        Map<String, Object> reply;
        String replyType = request.type().replace("_request", "_reply");
        switch (request.type()) {
            case "complete_request" -> reply = complete(request);
            case "inspect_request" -> reply = inspect(request);
            case "is_complete_request" -> reply = isComplete(request);
            case "history_request" -> reply = history(request);
            case "comm_info_request" -> {
                reply = new LinkedHashMap<>();
                reply.put("status", "ok");
                reply.put("comms", comms.info(request.string("target_name", null)));
            }
            default -> {
                return false;
            }
        }
        io.reply(Channel.SHELL, request, replyType, reply);
        return true;
    }

    private ExecutionEngine engine() throws EngineStarter.EngineUnavailableException {
        return engines.await();
    }

    private Map<String, Object> complete(Message request) {
        String code = request.string("code", "");
        int cursor = toUtf16(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            CompletionResult result = engine().complete(code, cursor);
            reply.put("status", "ok");
            reply.put("matches", result.matches());
            reply.put("cursor_start", toCodePoints(code, result.cursorStart()));
            reply.put("cursor_end", toCodePoints(code, result.cursorEnd()));
            reply.put("metadata", result.metadata() == null ? Map.of() : result.metadata());
        } catch (Exception e) {
            return error(e);
        }
        return reply;
    }

    private Map<String, Object> inspect(Message request) {
        String code = request.string("code", "");
        int cursor = toUtf16(code, request.integer("cursor_pos", code.codePointCount(0, code.length())));
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            InspectionResult result = engine().inspect(code, cursor, request.integer("detail_level", 0));
            reply.put("status", "ok");
            reply.put("found", result.found());
            reply.put("data", result.data().data());
            reply.put("metadata", result.data().metadata());
        } catch (Exception e) {
            return error(e);
        }
        return reply;
    }

    private Map<String, Object> isComplete(Message request) {
        Map<String, Object> reply = new LinkedHashMap<>();
        try {
            IsCompleteResult result = engine().isComplete(request.string("code", ""));
            reply.put("status", result.status());
            if ("incomplete".equals(result.status())) {
                reply.put("indent", result.indent() == null ? "" : result.indent());
            }
        } catch (Exception e) {
            KernelLog.warn("is_complete failed: " + e);
            reply.put("status", "unknown");
        }
        return reply;
    }

    private Map<String, Object> history(Message request) {
        boolean output = request.bool("output", false);
        int n = request.integer("n", 10);
        List<History.Entry> entries = switch (request.string("hist_access_type", "tail")) {
            case "range" -> history.range(request.integer("session", 0), request.integer("start", 0),
                    request.integer("stop", 0));
            case "search" -> history.search(request.string("pattern", "*"), request.bool("unique", false), n);
            default -> history.tail(n);
        };
        List<Object> rows = new ArrayList<>(entries.size());
        for (History.Entry e : entries) {
            rows.add(List.of(e.session(), e.line(), output ? listOf(e.input(), e.output()) : e.input()));
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "ok");
        reply.put("history", rows);
        return reply;
    }

    private static List<Object> listOf(String input, String output) {
        List<Object> pair = new ArrayList<>(2);
        pair.add(input);
        pair.add(output);
        return pair;
    }

    private static Map<String, Object> error(Exception e) {
        KernelLog.warn("request failed: " + e);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("status", "error");
        reply.put("ename", e.getClass().getSimpleName());
        reply.put("evalue", e.getMessage() == null ? "" : e.getMessage());
        reply.put("traceback", List.of());
        return reply;
    }

    /** A code-point offset into {@code code} as a UTF-16 index, clamped to the code. */
    static int toUtf16(String code, int codePoints) {
        int total = code.codePointCount(0, code.length());
        int clamped = Math.max(0, Math.min(codePoints, total));
        return code.offsetByCodePoints(0, clamped);
    }

    /** A UTF-16 index into {@code code} as a code-point offset, clamped to the code. */
    static int toCodePoints(String code, int utf16) {
        return code.codePointCount(0, Math.max(0, Math.min(utf16, code.length())));
    }
}
