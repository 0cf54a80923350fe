package dev.jtrack.kernel.extension;

import static dev.jtrack.kernel.engine.EngineFixture.engine;
import static dev.jtrack.kernel.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.engine.ExecutionOutcome;
import dev.jtrack.kernel.engine.TestSink;
import dev.jtrack.kernel.magics.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelExtensionTest {
    @TempDir
    Path temp;

    private static final String EXTENSION = """
            package org.example.ext;

            import dev.jtrack.kernel.extension.*;
            import dev.jtrack.kernel.engine.MimeBundle;
            import java.nio.file.*;
            import java.util.stream.Collectors;

            public class RecordingExtension implements KernelExtension {
                private Path log;

                private void write(String line) {
                    try {
                        Files.writeString(log, line.replace("\\n", "\\\\n") + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public void onStart(KernelSession session) {
                    log = Path.of(System.getProperty("jtrack.test.extension.log"));
                    write("start java=" + session.javaVersion());
                    session.registerLineMagic("shout", (args, context) -> args.toUpperCase() + "!");
                    session.registerCellMagic("reverse", (args, body, context) -> new StringBuilder(body).reverse().toString());
                    session.registerRenderer(java.time.Duration.class,
                            (value, requested, into) -> into.put("text/html", "<i>" + value.toMillis() + " ms</i>"));
                }

                @Override
                public void beforeCell(CellStart cell) {
                    write("before " + cell.executionCount() + " " + cell.cellId() + " " + cell.code());
                }

                @Override
                public void afterCell(CellRecord r) {
                    write("after " + r.executionCount() + " " + r.status() + " out=" + r.stdout() + " err=" + r.stderr()
                            + " result=" + (r.result() == null ? null : r.result().plainText())
                            + " error=" + (r.error() == null ? null : r.error().ename())
                            + " outputs=" + r.outputs().size()
                            + " vars=" + r.variables().stream().map(v -> v.name() + ":" + v.type() + "=" + v.value() + (v.declared() ? "+" : "~")).collect(Collectors.joining(","))
                            + " ms=" + (r.duration().toMillis() >= 0) + " start=" + (r.startTime() != null));
                }

                @Override
                public void onShutdown() {
                    write("shutdown");
                }
            }
            """;

    @Test
    void extensionJarAddedWithClasspathContributesMagicsRenderersAndHooks() throws Exception {
        Path log = temp.resolve("extension.log");
        System.setProperty("jtrack.test.extension.log", log.toString());
        Path jar = TestJars.jar(temp, "recording-extension", Map.of("org/example/ext/RecordingExtension.java", EXTENSION),
                Map.of("META-INF/services/dev.jtrack.kernel.extension.KernelExtension", "org.example.ext.RecordingExtension\n"),
                List.of());

        run("int counter = 1;\nString label = \"before\";");
        ExecutionOutcome added = run("%classpath " + jar);
        assertEquals(ExecutionOutcome.Status.OK, added.status(), () -> String.valueOf(added.error()));
        assertTrue(Files.readString(log).startsWith("start java=" + Runtime.version().feature()), Files.readString(log));

        assertEquals("HELLO!", run("%shout hello").result().plainText());
        assertEquals("cba", run("%%reverse\nabc").result().plainText());
        assertEquals("<i>1500 ms</i>", run("java.time.Duration.ofMillis(1500)").result().data().get("text/html"));

        TestSink sink = new TestSink();
        ExecutionOutcome outcome = run("counter = counter + 41;\nint fresh = 3;\nSystem.out.println(\"printed\");\n"
                + "System.err.println(\"warned\");\ndisplay(html(\"<p>x</p>\"));\ncounter", sink);
        assertEquals("42", outcome.result().plainText());
        run("throw new IllegalStateException(\"boom\");");

        List<String> lines = Files.readAllLines(log);
        String before = lines.stream().filter(l -> l.startsWith("before ") && l.contains("counter = counter + 41")).findFirst().orElseThrow();
        assertTrue(before.contains(" cell-"), before);
        String after = lines.stream().filter(l -> l.startsWith("after ") && l.contains("out=printed")).findFirst().orElseThrow();
        assertTrue(after.contains(" OK "), after);
        assertTrue(after.contains("out=printed\\n err=warned\\n"), after);
        assertTrue(after.contains("result=42"), after);
        assertTrue(after.contains("outputs=1"), after);
        assertTrue(after.contains("vars=counter:int=42~,fresh:int=3+") || after.contains("vars=fresh:int=3+,counter:int=42~"), after);
        assertTrue(!after.contains("label:"), "unchanged variables are not reported: " + after);
        assertTrue(after.contains("ms=true start=true"), after);
        String failed = lines.get(lines.size() - 1);
        assertTrue(failed.startsWith("after ") && failed.contains(" ERROR ") && failed.contains("error=java.lang.IllegalStateException"), failed);
        assertTrue(engine().extensions().extensions().stream().anyMatch(e -> e.getClass().getName().equals("org.example.ext.RecordingExtension")));
    }
}
