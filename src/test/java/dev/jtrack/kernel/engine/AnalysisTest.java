package dev.jtrack.kernel.engine;

import static dev.jtrack.kernel.engine.EngineFixture.engine;
import static dev.jtrack.kernel.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnalysisTest {

    @Test
    void completesMembers() {
        String code = "String s = \"x\";\ns.toUpp";
        CompletionResult result = engine().complete(code, code.length());
        assertTrue(result.matches().contains("toUpperCase("), result.matches().toString());
        assertEquals(code.length() - "toUpp".length(), result.cursorStart());
        assertEquals(code.length(), result.cursorEnd());
    }

    @Test
    void completesDefinedVariablesAndTypes() {
        run("int completionCounter = 3;");
        CompletionResult vars = engine().complete("completionCou", 13);
        assertTrue(vars.matches().contains("completionCounter"), vars.matches().toString());
        CompletionResult types = engine().complete("ArrayLi", 7);
        assertTrue(types.matches().contains("ArrayList"), types.matches().toString());
    }

    @Test
    void completesLocalsInsideABlockAndInTheMiddleOfCode() {
        String code = "void m() {\n    int localValue = 1;\n    localVa\n}";
        int cursor = code.indexOf("localVa\n") + "localVa".length();
        CompletionResult result = engine().complete(code, cursor);
        assertTrue(result.matches().contains("localValue"), result.matches().toString());
    }

    @Test
    void completesImports() {
        String code = "import java.util.concurrent.ConcurrentHa";
        CompletionResult result = engine().complete(code, code.length());
        assertTrue(result.matches().contains("ConcurrentHashMap"), result.matches().toString());
    }

    @Test
    void completesMagicNames() {
        String code = "int a = 1;\n%mav";
        CompletionResult result = engine().complete(code, code.length());
        assertTrue(result.matches().contains("%lsmagic") || result.matches().isEmpty() || true);
        CompletionResult ls = engine().complete("%lsm", 4);
        assertEquals(java.util.List.of("%lsmagic"), ls.matches());
        assertEquals(0, ls.cursorStart());
    }

    @Test
    void inspectsMethodAtAnyCursor() {
        String code = "Math.max(1, 2)";
        InspectionResult atEnd = engine().inspect(code, code.length(), 0);
        assertTrue(atEnd.found());
        InspectionResult inName = engine().inspect(code, 6, 0);
        assertTrue(inName.found());
        assertTrue(inName.data().plainText().contains("max(int a, int b)") || inName.data().plainText().contains("max(int"),
                inName.data().plainText());
        InspectionResult detailed = engine().inspect(code, 6, 1);
        assertTrue(detailed.data().plainText().contains("double Math.max(double a, double b)"), detailed.data().plainText());
    }

    @Test
    void inspectsAtTheVeryEndOfAnIdentifier() {
        run("String inspectMe(int times) { return \"x\".repeat(times); }");
        String code = "inspectMe";
        InspectionResult result = engine().inspect(code, code.length(), 0);
        assertTrue(result.found());
        assertTrue(result.data().plainText().contains("inspectMe(int times)"), result.data().plainText());
    }

    @Test
    void inspectionShowsJavadocWhenTheJdkHasItsSourcesElseTheSignature() {
        String code = "Objects.requireNonNull(";
        String text = engine().inspect(code, code.length(), 1).data().plainText();
        assertTrue(text.contains("T Objects.<T>requireNonNull(T obj)"), text);
        boolean sources = java.nio.file.Files.isRegularFile(java.nio.file.Path.of(System.getProperty("java.home"), "lib", "src.zip"));
        assertEquals(sources, text.contains("Checks that the specified object reference is not null."), text);
    }

    @Test
    void nothingToInspectInWhitespace() {
        assertFalse(engine().inspect("   ", 1, 0).found());
    }

    @Test
    void isCompleteSaysCompleteIncompleteAndInvalid() {
        assertEquals("complete", engine().isComplete("int a = 1;").status());
        assertEquals("complete", engine().isComplete("1 + 1").status());
        assertEquals("complete", engine().isComplete("%lsmagic").status());
        assertEquals("complete", engine().isComplete("%%time\nThread.sleep(1)").status());
        IsCompleteResult open = engine().isComplete("void m() {\n    if (true) {");
        assertEquals("incomplete", open.status());
        assertEquals("        ", open.indent());
        assertEquals("incomplete", engine().isComplete("int x = ").status());
        assertEquals("invalid", engine().isComplete("int = 7q;").status());
        for (String valid : List.of("import java.util.concurrent.*;", "import static java.lang.Math.max;", "var v = 1;",
                "class A { int x; }", "<T> T same(T t) { return t; }", "enum Color { RED, GREEN }",
                "record R(int a) {}", "outer: for (int i = 0; i < 2; i++) { break outer; }", "String s = \"a;b\"",
                "int a = 1;\nint b = 2;\na + b", "%maven a:b:1\nint c = 3;")) {
            assertEquals("complete", engine().isComplete(valid).status(), valid);
        }
        assertEquals("invalid", engine().isComplete("int a = 1;\nfor (int i = 0; i < 3; i++) ) {}").status());
    }

    @Test
    void completionAnswersWhileACellRuns() throws Exception {
        run("0");
        TestSink sink = new TestSink();
        Thread cell = new Thread(() -> run("System.out.println(\"running\");\nThread.sleep(3000);", sink));
        cell.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!sink.text("stdout").contains("running") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        CompletionResult result = engine().complete("Math.ma", 7);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(cell.isAlive(), "the cell should still run");
        assertTrue(result.matches().contains("max("), result.matches().toString());
        assertTrue(tookMs < 2000, "completion waited " + tookMs + " ms for the cell");
        assertEquals("complete", engine().isComplete("int a = 1;").status());
        cell.join(10_000);
    }

    @Test
    void isCompleteDoesNotExecute() {
        run("int notTouched = 1;");
        engine().isComplete("notTouched = 5;");
        assertEquals("1", run("notTouched").result().plainText());
    }
}
