package dev.jtrack.widgets;

import dev.jtrack.kernel.display.DisplayService;
import dev.jtrack.kernel.engine.MimeBundle;
import dev.jtrack.kernel.engine.OutputSink;
import dev.jtrack.kernel.engine.StdioRouter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An area that shows output: what {@link #capture} runs prints to {@code System.out} and
 * {@code System.err}, displays ({@code display(chart)}) and exceptions. The outputs are kept in the
 * kernel (the model's {@code outputs}), so a reloaded page shows them again.
 */
public final class Output extends DOMWidget {
    private static final int MAX_OUTPUTS = 500;

    /** An empty output area. */
    public Output() {
        super("@jupyter-widgets/output", "1.0.0", "OutputModel", "OutputView");
        set("msg_id", "");
        set("outputs", List.of());
    }

    /**
     * Runs {@code action} with its output (and that of threads it starts) going into this area; an
     * exception it throws is shown here as an error and not rethrown.
     */
    public void capture(Runnable action) {
        OutputSink sink = new Sink();
        StdioRouter.capture(sink, () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                append(error(e));
            }
        });
    }

    /** Shows {@code value} in this area, rendered as the kernel renders a cell's value. */
    public void display(Object value) {
        MimeBundle bundle = DisplayService.registry().render(value);
        append(displayData(bundle));
    }

    /** Adds {@code text} as standard output. */
    public void appendStdout(String text) {
        appendStream("stdout", text);
    }

    /** Removes every output. */
    public void clear() {
        set("outputs", List.of());
    }

    /** The outputs as nbformat dictionaries (stream, display_data, error). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> outputs() {
        return (List<Map<String, Object>>) get("outputs");
    }

    /** Everything printed to standard output and error so far, concatenated. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> output : outputs()) {
            if ("stream".equals(output.get("output_type"))) {
                out.append(output.get("text"));
            } else if ("error".equals(output.get("output_type"))) {
                out.append(output.get("ename")).append(": ").append(output.get("evalue")).append('\n');
            }
        }
        return out.toString();
    }

    private synchronized void appendStream(String name, String text) {
        List<Map<String, Object>> outputs = new ArrayList<>(outputs());
        Map<String, Object> last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        if (last != null && "stream".equals(last.get("output_type")) && name.equals(last.get("name"))) {
            Map<String, Object> merged = new LinkedHashMap<>(last);
            merged.put("text", last.get("text") + text);
            outputs.set(outputs.size() - 1, merged);
        } else {
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("output_type", "stream");
            stream.put("name", name);
            stream.put("text", text);
            outputs.add(stream);
        }
        set("outputs", bounded(outputs));
    }

    private synchronized void append(Map<String, Object> output) {
        List<Map<String, Object>> outputs = new ArrayList<>(outputs());
        outputs.add(output);
        set("outputs", bounded(outputs));
    }

    private static List<Map<String, Object>> bounded(List<Map<String, Object>> outputs) {
        return outputs.size() <= MAX_OUTPUTS ? List.copyOf(outputs)
                : List.copyOf(outputs.subList(outputs.size() - MAX_OUTPUTS, outputs.size()));
    }

    private static Map<String, Object> displayData(MimeBundle bundle) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "display_data");
        output.put("data", bundle.data());
        output.put("metadata", bundle.metadata());
        return output;
    }

    static Map<String, Object> error(Throwable e) {
        List<String> traceback = new ArrayList<>();
        traceback.add("\u001b[0;31m\u001b[1m" + e.getClass().getName() + "\u001b[0m: " + e.getMessage());
        for (StackTraceElement frame : e.getStackTrace()) {
            if (traceback.size() > 20) {
                break;
            }
            traceback.add("    at " + frame);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "error");
        output.put("ename", e.getClass().getName());
        output.put("evalue", String.valueOf(e.getMessage()));
        output.put("traceback", traceback);
        return output;
    }

    /** Where captured output goes: into this widget's outputs. */
    private final class Sink implements OutputSink {
        @Override
        public void stream(String name, String text) {
            appendStream(name, text);
        }

        @Override
        public void displayData(MimeBundle bundle, String displayId) {
            append(Output.displayData(bundle));
        }

        @Override
        public void updateDisplayData(MimeBundle bundle, String displayId) {
            append(Output.displayData(bundle));
        }

        @Override
        public void clearOutput(boolean wait) {
            clear();
        }

        @Override
        public String inputRequest(String prompt, boolean password) throws IOException {
            throw new IOException("input is not available inside an output widget");
        }
    }
}
