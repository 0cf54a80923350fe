package dev.jtrack.kernel.magics;

import dev.jtrack.maven.ResolvedDependency;
import static dev.jtrack.kernel.engine.EngineFixture.engine;
import static dev.jtrack.kernel.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.kernel.engine.ExecutionOutcome;
import dev.jtrack.kernel.engine.TestSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MagicsTest {
    @TempDir
    Path temp;

    private static void assertOk(ExecutionOutcome outcome) {
        assertEquals(ExecutionOutcome.Status.OK, outcome.status(), () -> String.valueOf(outcome.error()));
    }

    @Test
    void lsmagicListsLineAndCellMagics() {
        TestSink sink = new TestSink();
        assertOk(run("%lsmagic", sink));
        String text = sink.text("stdout");
        for (String name : List.of("%maven", "%mavenRepo", "%classpath", "%jars", "%load", "%time", "%env", "%lsmagic",
                "%%time", "%%html", "%%markdown")) {
            assertTrue(text.contains(name), name + " missing in " + text);
        }
    }

    @Test
    void unknownMagicNamesTheClosestOnes() {
        ExecutionOutcome outcome = run("%mavn foo:bar:1");
        assertEquals(ExecutionOutcome.Status.ERROR, outcome.status());
        assertTrue(outcome.error().evalue().contains("Unknown line magic %mavn; did you mean %maven?"), outcome.error().evalue());
        ExecutionOutcome cell = run("%%htm\n<b>x</b>");
        assertTrue(cell.error().evalue().contains("did you mean %%html?"), cell.error().evalue());
    }

    @Test
    void lineMagicsRunInOrderWithTheJavaAroundThem() {
        TestSink sink = new TestSink();
        ExecutionOutcome outcome = run("System.out.println(\"a\");\n%env ORDER_TEST=1\nSystem.out.println(\"b\");\n%time 6 * 7", sink);
        assertOk(outcome);
        String out = sink.text("stdout");
        assertTrue(out.startsWith("a\nenv: ORDER_TEST=1\nb\nWall time: "), out);
        assertEquals("42", outcome.result().plainText());
    }

    @Test
    void cellTimeRunsTheBodyAndReportsErrorsWithTheirLines() {
        TestSink sink = new TestSink();
        ExecutionOutcome outcome = run("%%time\nint timed = 5;\ntimed * 2", sink);
        assertOk(outcome);
        assertEquals("10", outcome.result().plainText());
        assertTrue(sink.text("stdout").startsWith("Wall time: "));
        ExecutionOutcome failed = run("%%time\nint ok = 1;\nint bad = ok / 0;");
        assertEquals("java.lang.ArithmeticException", failed.error().ename());
    }

    @Test
    void htmlAndMarkdownCells() {
        ExecutionOutcome html = run("%%html\n<b>bold</b>");
        assertEquals("<b>bold</b>", html.result().data().get("text/html"));
        ExecutionOutcome md = run("%%markdown\n# Title");
        assertEquals("# Title", md.result().data().get("text/markdown"));
    }

    @Test
    void envListsGetsAndSets() {
        TestSink sink = new TestSink();
        assertOk(run("%env JTRACK_MAGIC_TEST=hello world", sink));
        TestSink get = new TestSink();
        assertOk(run("%env JTRACK_MAGIC_TEST", get));
        assertEquals("hello world\n", get.text("stdout"));
        TestSink all = new TestSink();
        assertOk(run("%env", all));
        assertTrue(all.text("stdout").contains("JTRACK_MAGIC_TEST=hello world\n"));
        assertTrue(all.text("stdout").contains("PATH="));
        assertEquals("hello world", run("dev.jtrack.notebook.Env.get(\"JTRACK_MAGIC_TEST\")").result().plainText());
        assertEquals(ExecutionOutcome.Status.ERROR, run("%env NOT_SET_ANYWHERE_12345").status());
    }

    @Test
    void loadRunsAFile() throws Exception {
        Path file = temp.resolve("Helper.java");
        Files.writeString(file, "int loadedTwice(int x) { return 2 * x; }\nloadedTwice(21)\n");
        ExecutionOutcome outcome = run("%load " + file);
        assertOk(outcome);
        assertEquals("42", outcome.result().plainText());
        assertEquals("8", run("loadedTwice(4)").result().plainText());
        ExecutionOutcome missing = run("%load " + temp.resolve("Missing.java"));
        assertEquals(ExecutionOutcome.Status.ERROR, missing.status());
        assertTrue(missing.error().evalue().contains("Missing.java"), missing.error().evalue());
    }

    @Test
    void classpathAddsJarsByPathAndGlob() throws Exception {
        Path libs = Files.createDirectories(temp.resolve("libs"));
        Path jar = TestJars.jar(temp, "greeter", Map.of("org/example/greet/Greeter.java",
                "package org.example.greet; public class Greeter { public static String hi(String n) { return \"hi \" + n; } }"),
                Map.of(), List.of());
        Files.move(jar, libs.resolve("greeter.jar"));
        Path other = TestJars.jar(temp, "counter", Map.of("org/example/count/Counter.java",
                "package org.example.count; public class Counter { public int next(int i) { return i + 1; } }"),
                Map.of(), List.of());
        assertOk(run("%classpath " + libs + "/*.jar"));
        assertEquals("hi Ada", run("org.example.greet.Greeter.hi(\"Ada\")").result().plainText());
        assertOk(run("%jars " + other));
        assertEquals("3", run("import org.example.count.Counter;\nnew Counter().next(2)").result().plainText());
        ExecutionOutcome none = run("%classpath " + temp + "/nothing-*.jar");
        assertEquals(ExecutionOutcome.Status.ERROR, none.status());
        assertTrue(none.error().evalue().contains("nothing matches"), none.error().evalue());
    }

    @Test
    void mavenResolvesTransitivelyFromALocalFileRepository() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path depJar = TestJars.jar(temp, "dep", Map.of("com/example/dep/Dep.java",
                "package com.example.dep; public class Dep { public static String name() { return \"dep-2\"; } }"),
                Map.of(), List.of());
        TestJars.install(repo, "com.example", "dep", "2.0", depJar, "");
        Path tinyJar = TestJars.jar(temp, "tiny", Map.of("com/example/tiny/Tiny.java",
                "package com.example.tiny; public class Tiny { public String hello() { return \"tiny uses \" + com.example.dep.Dep.name(); } }"),
                Map.of(), List.of(depJar));
        TestJars.install(repo, "com.example", "tiny", "1.0", tinyJar,
                "<dependency><groupId>com.example</groupId><artifactId>dep</artifactId><version>2.0</version></dependency>");
        Path local = temp.resolve("local-repo");
        Path settings = temp.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + local + "</localRepository></settings>");
        String previous = System.getProperty("jtrack.maven.settings");
        System.setProperty("jtrack.maven.settings", settings.toString());
        try {
            TestSink sink = new TestSink();
            assertOk(run("%mavenRepo testrepo " + repo.toUri() + "\n%maven com.example:tiny:1.0", sink));
            assertTrue(sink.text("stderr").contains("Downloading " + repo.toUri()), sink.text("stderr"));
            assertEquals("tiny uses dep-2", run("new com.example.tiny.Tiny().hello()").result().plainText());
            List<ResolvedDependency> resolved = engine().resolvedDependencies().stream()
                    .filter(d -> d.coordinates() != null && d.coordinates().matches("com.example:(tiny|dep):.*")).toList();
            assertEquals(List.of("com.example:tiny:1.0", "com.example:dep:2.0"), resolved.stream().map(ResolvedDependency::coordinates).toList());
            assertEquals("com.example:tiny:1.0", resolved.get(1).requested());
            assertTrue(resolved.get(1).file().startsWith(local), resolved.get(1).file().toString());
            assertTrue(Files.isRegularFile(local.resolve("com/example/dep/2.0/dep-2.0.jar")));
        } finally {
            restore(previous);
        }
    }

    @Test
    void mavenHonoursMirrorsFromSettings() throws Exception {
        Path mirror = Files.createDirectories(temp.resolve("mirror"));
        Path jar = TestJars.jar(temp, "mirrored", Map.of("com/example/mirrored/Mirrored.java",
                "package com.example.mirrored; public class Mirrored { public static int value() { return 17; } }"),
                Map.of(), List.of());
        TestJars.install(mirror, "com.example", "mirrored", "3.1", jar, "");
        Path local = temp.resolve("local-repo-2");
        Path settings = temp.resolve("settings-mirror.xml");
        Files.writeString(settings, "<settings><localRepository>" + local + "</localRepository><mirrors><mirror>"
                + "<id>everything</id><mirrorOf>*</mirrorOf><url>" + mirror.toUri() + "</url></mirror></mirrors></settings>");
        String previous = System.getProperty("jtrack.maven.settings");
        System.setProperty("jtrack.maven.settings", settings.toString());
        try {
            TestSink sink = new TestSink();
            assertOk(run("%maven com.example:mirrored:3.1", sink));
            assertEquals("17", run("com.example.mirrored.Mirrored.value()").result().plainText());
            ExecutionOutcome missing = run("%maven com.example:absent:9.9");
            assertEquals(ExecutionOutcome.Status.ERROR, missing.status());
            assertTrue(missing.error().evalue().contains("com.example:absent:9.9"), missing.error().evalue());
            ExecutionOutcome bad = run("%maven not-a-coordinate");
            assertTrue(bad.error().evalue().contains("not a Maven coordinate"), bad.error().evalue());
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty("jtrack.maven.settings");
        } else {
            System.setProperty("jtrack.maven.settings", previous);
        }
    }
}
