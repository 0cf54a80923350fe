package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtrack.BuiltJar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook run headless with {@code jtrack run} has the same outputs as the same notebook run
 * by Jupyter (nbconvert) with the installed jtrack kernel: same output types, streams, MIME types
 * and text/HTML representations (PNG bytes only checked for presence; %%time's timings vary).
 */
class RunMatchesJupyterIT {
    @TempDir
    Path tmp;

    @Test
    void richDisplayNotebookHasTheSameOutputsBothWays() throws Exception {
        KernelHarness.requireJupyter("jupyter_client", "nbconvert", "nbclient");
        Path jdk = Path.of(System.getProperty("java.home"));
        KernelHarness kernel = KernelHarness.install(jdk, tmp.resolve("k"), "jtrack-match", "--no-archive");
        Path notebook = Path.of("notebooks/rich-display-and-magics.ipynb").toAbsolutePath();
        java.util.Map<String, String> env = new java.util.HashMap<>(kernel.env());
        env.put("JTRACK_AUTOLOG", "off");
        KernelHarness.Result jupyter = KernelHarness.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.kernel_name=" + kernel.kernelName, "--ExecutePreprocessor.timeout=120",
                "--output-dir", tmp.resolve("jupyter").toString(), notebook.toString()), env, tmp, 600);
        assertEquals(0, jupyter.exit(), jupyter.output());
        KernelHarness.Result headless = KernelHarness.run(List.of(jdk.resolve("bin/java").toString(), "-jar",
                BuiltJar.path().toString(), "run", notebook.toString(), tmp.resolve("headless.ipynb").toString()),
                env, tmp, 600);
        assertEquals(0, headless.exit(), headless.output());

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> a = codeCells(json.readTree(tmp.resolve("jupyter").resolve(notebook.getFileName()).toFile()));
        List<JsonNode> b = codeCells(json.readTree(tmp.resolve("headless.ipynb").toFile()));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            boolean timed = joined(a.get(i).path("source")).startsWith("%%time");
            assertEquals(normalized(a.get(i), timed), normalized(b.get(i), timed), "cell " + (i + 1) + " differs");
            assertEquals(a.get(i).path("execution_count"), b.get(i).path("execution_count"));
        }
    }

    private static List<JsonNode> codeCells(JsonNode nb) {
        List<JsonNode> out = new ArrayList<>();
        nb.path("cells").forEach(c -> {
            if ("code".equals(c.path("cell_type").asText())) {
                out.add(c);
            }
        });
        return out;
    }

    private static List<String> normalized(JsonNode cell, boolean timed) {
        List<String> out = new ArrayList<>();
        for (JsonNode o : cell.path("outputs")) {
            StringBuilder sb = new StringBuilder(o.path("output_type").asText());
            if (o.has("name")) {
                sb.append(" ").append(o.path("name").asText()).append(": ");
                sb.append(timed ? joined(o.path("text")).replaceAll("[0-9.]+", "N") : joined(o.path("text")));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("data").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(" [").append(e.getKey()).append("] ");
                sb.append(e.getKey().startsWith("image/png") ? "(png)" : joined(e.getValue()));
            }
            if (o.has("ename")) {
                sb.append(o.path("ename").asText()).append(": ").append(o.path("evalue").asText());
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String joined(JsonNode text) {
        if (text.isArray()) {
            StringBuilder sb = new StringBuilder();
            text.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return text.isTextual() ? text.asText() : text.toString();
    }
}
