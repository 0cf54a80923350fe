package dev.jtrack.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.kernel.engine.ErrorInfo;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.engine.OutputSink;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One cell's outputs as nbformat output objects, built from what the engine sends the way
 * nbclient builds them from IOPub messages: consecutive stream text of one name is merged,
 * {@code update_display_data} replaces the outputs with that display id, {@code clear_output}
 * (with {@code wait}, at the next output) empties the list.
 */
final class CellOutputs implements OutputSink {
    private final ArrayNode outputs;
    private final PrintStream echo;
    private final Map<String, List<ObjectNode>> byDisplayId = new HashMap<>();
    private boolean clearPending;

    /** @param echo where stream text is also printed ({@code --log-output}), or null */
    CellOutputs(ArrayNode outputs, PrintStream echo) {
        this.outputs = outputs;
        this.echo = echo;
    }

    @Override
    public synchronized void stream(String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        applyPendingClear();
        if (echo != null) {
            echo.print(text);
            echo.flush();
        }
        JsonNode last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        if (last != null && "stream".equals(last.path("output_type").asText()) && name.equals(last.path("name").asText())) {
            ObjectNode stream = (ObjectNode) last;
            String before = NotebookFile.source(textAsSource(stream));
            NotebookFile.setSource(stream, before + text);
            moveSourceToText(stream);
            return;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("output_type", "stream");
        out.put("name", name);
        NotebookFile.setSource(out, text);
        moveSourceToText(out);
        outputs.add(out);
    }

    private static ObjectNode textAsSource(ObjectNode stream) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        copy.set("source", stream.get("text"));
        return copy;
    }

    private static void moveSourceToText(ObjectNode out) {
        out.set("text", out.remove("source"));
    }

    @Override
    public synchronized void displayData(MimeBundle bundle, String displayId) {
        applyPendingClear();
        ObjectNode out = bundleOutput("display_data", bundle);
        outputs.add(out);
        if (displayId != null) {
            byDisplayId.computeIfAbsent(displayId, k -> new ArrayList<>()).add(out);
        }
    }

    @Override
    public synchronized void updateDisplayData(MimeBundle bundle, String displayId) {
        for (ObjectNode out : byDisplayId.getOrDefault(displayId, List.of())) {
            ObjectNode fresh = bundleOutput("display_data", bundle);
            out.set("data", fresh.get("data"));
            out.set("metadata", fresh.get("metadata"));
        }
    }

    @Override
    public synchronized void clearOutput(boolean wait) {
        if (wait) {
            clearPending = true;
        } else {
            outputs.removeAll();
            byDisplayId.clear();
        }
    }

    private void applyPendingClear() {
        if (clearPending) {
            clearPending = false;
            outputs.removeAll();
            byDisplayId.clear();
        }
    }

    @Override
    public String inputRequest(String prompt, boolean password) throws IOException {
        throw new IOException("a headless run has no front end to type input (stdin is not available)");
    }

    /** Adds the cell's result as {@code execute_result}. */
    synchronized void result(MimeBundle bundle, int executionCount) {
        applyPendingClear();
        ObjectNode out = bundleOutput("execute_result", bundle);
        out.put("execution_count", executionCount);
        outputs.add(out);
    }

    /** Adds the cell's error as an {@code error} output. */
    synchronized void error(ErrorInfo error) {
        applyPendingClear();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("output_type", "error");
        out.put("ename", error.ename());
        out.put("evalue", error.evalue() == null ? "" : error.evalue());
        ArrayNode tb = out.putArray("traceback");
        if (error.traceback() != null) {
            error.traceback().forEach(tb::add);
        }
        outputs.add(out);
    }

    private static ObjectNode bundleOutput(String type, MimeBundle bundle) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("output_type", type);
        ObjectNode data = out.putObject("data");
        bundle.data().forEach((mime, value) -> {
            if (value instanceof String s && (mime.startsWith("text/") || mime.equals("image/svg+xml"))) {
                // nbformat stores multi-line text as a list of lines
                ObjectNode holder = JsonNodeFactory.instance.objectNode();
                NotebookFile.setSource(holder, s);
                data.set(mime, holder.get("source"));
            } else {
                data.set(mime, NotebookFile.JSON.valueToTree(value));
            }
        });
        out.set("metadata", NotebookFile.JSON.valueToTree(bundle.metadata()));
        return out;
    }
}
