package dev.jtrack.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook in notebooks/ with {@code jupyter nbconvert --to notebook --execute} on the
 * installed kernel (for each JDK in {@code JTRACK_TEST_JDKS}) and checks the outputs: no cell fails,
 * every code cell ran, a cell whose metadata has {@code jtrack.expect} shows that text, a cell whose
 * metadata has {@code jtrack.expect_mime} has outputs of each of those MIME types, every PNG is a
 * valid image (with width/height metadata, drawn at least that large), and HTML never comes alone
 * nor with scripts.
 */
class NotebooksIT {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyNotebookRuns() throws Exception {
        KernelHarness.requireJupyter("jupyter_client", "nbconvert", "nbclient");
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
            notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in notebooks/");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path jdk : KernelHarness.jdks()) {
            tests.add(DynamicTest.dynamicTest("notebooks on " + jdk, () -> {
                Path root = tmp.resolve(jdk.getFileName().toString());
                KernelHarness kernel = KernelHarness.install(jdk, root, "jtrack-nb", "--no-archive");
                for (Path notebook : notebooks) {
                    check(kernel, notebook.toAbsolutePath(), root.resolve("out"));
                }
            }));
        }
        return tests.stream();
    }

    private void check(KernelHarness kernel, Path notebook, Path outDir) throws Exception {
        KernelHarness.Result result = KernelHarness.run(List.of("/usr/bin/jupyter", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.kernel_name=" + kernel.kernelName,
                "--ExecutePreprocessor.timeout=120", "--output-dir", outDir.toString(), notebook.toString()),
                kernel.env(), kernel.root, 600);
        assertEquals(0, result.exit(), "nbconvert failed on " + notebook + ":\n" + result.output());
        JsonNode executed = new ObjectMapper().readTree(outDir.resolve(notebook.getFileName()).toFile());
        assertEquals(4, executed.path("nbformat").asInt());
        for (JsonNode cell : executed.path("cells")) {
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            String id = cell.path("id").asText();
            assertTrue(cell.path("execution_count").isInt(), notebook + " cell " + id + " did not run");
            StringBuilder text = new StringBuilder();
            java.util.Set<String> mimeTypes = new java.util.HashSet<>();
            for (JsonNode output : cell.path("outputs")) {
                assertFalse("error".equals(output.path("output_type").asText()),
                        notebook + " cell " + id + " failed: " + output);
                text.append(joined(output.path("text"))).append(joined(output.path("data").path("text/plain")));
                output.path("data").fieldNames().forEachRemaining(mimeTypes::add);
                checkRichOutput(notebook + " cell " + id, output);
            }
            for (JsonNode mime : cell.path("metadata").path("jtrack").path("expect_mime")) {
                assertTrue(mimeTypes.contains(mime.asText()),
                        notebook + " cell " + id + ": expected an output of " + mime.asText() + ", got " + mimeTypes);
            }
            JsonNode expect = cell.path("metadata").path("jtrack").path("expect");
            if (expect.isTextual()) {
                assertTrue(text.toString().contains(expect.asText()),
                        notebook + " cell " + id + ": expected '" + expect.asText() + "' in " + text);
            }
        }
    }

    /** PNGs decode and are at least as large as their display size; HTML has a text/plain twin and no script. */
    private static void checkRichOutput(String where, JsonNode output) throws Exception {
        JsonNode data = output.path("data");
        if (data.has("image/png")) {
            byte[] png = java.util.Base64.getMimeDecoder().decode(joined(data.path("image/png")));
            assertTrue(png.length > 8 && (png[0] & 0xff) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                    where + ": image/png is not a PNG");
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertTrue(image != null && image.getWidth() > 0 && image.getHeight() > 0, where + ": unreadable PNG");
            JsonNode size = output.path("metadata").path("image/png");
            if (size.has("width")) {
                assertTrue(image.getWidth() >= size.path("width").asInt() && image.getHeight() >= size.path("height").asInt(),
                        where + ": PNG " + image.getWidth() + "x" + image.getHeight() + " smaller than its display size " + size);
            }
        }
        if (data.has("image/svg+xml")) {
            assertTrue(joined(data.path("image/svg+xml")).contains("<svg"), where + ": image/svg+xml without <svg");
        }
        if (data.has("text/html")) {
            assertTrue(data.has("text/plain"), where + ": text/html without text/plain");
            assertFalse(joined(data.path("text/html")).toLowerCase(java.util.Locale.ROOT).contains("<script"),
                    where + ": HTML output with a script");
        }
    }

    /** nbformat stores multi-line text as a string or a list of lines. */
    private static String joined(JsonNode text) {
        if (text.isArray()) {
            StringBuilder out = new StringBuilder();
            text.forEach(line -> out.append(line.asText()));
            return out.toString();
        }
        return text.asText("");
    }
}
