package dev.jtrack.kernel.engine;

import static dev.jtrack.kernel.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JShellEngineTest {

    @Test
    void finalExpressionIsTheResult() {
        ExecutionOutcome outcome = run("int a = 20;\nint b = 22;\na + b");
        assertEquals(ExecutionOutcome.Status.OK, outcome.status());
        assertEquals("42", outcome.result().plainText());
    }

    @Test
    void bareVariableReferenceIsTheResult() {
        run("String greeting = \"hello\";");
        assertEquals("hello", run("greeting").result().plainText());
    }

    @Test
    void declarationsAndStatementsHaveNoResult() {
        assertNull(run("int unused = 5;").result());
        assertNull(run("System.out.print(\"\")").result());
        assertNull(run("void noop() {}\nnoop();").result());
    }

    @Test
    void expressionResultsAreNotKeptAliveByTemporaryVariables() throws Exception {
        run("java.lang.ref.WeakReference<int[]> ref;\nint[] make() { int[] big = new int[1_000_000]; ref = new java.lang.ref.WeakReference<>(big); return big; }");
        assertEquals(ExecutionOutcome.Status.OK, run("make()").status());
        boolean freed = false;
        for (int i = 0; i < 50 && !freed; i++) {
            System.gc();
            Thread.sleep(20);
            freed = "true".equals(run("ref.get() == null").result().plainText());
        }
        assertTrue(freed, "the result of make() is still reachable");
    }

    @Test
    void printedOutputGoesToTheCellsSink() {
        TestSink sink = new TestSink();
        run("System.out.println(\"out line\");\nSystem.err.println(\"err line\");", sink);
        assertEquals("out line\n", sink.text("stdout"));
        assertEquals("err line\n", sink.text("stderr"));
    }

    @Test
    void redefiningAMethodOrClassKeepsUnrelatedVariables() {
        run("int keep = 7;\nList<String> names = new ArrayList<>(List.of(\"a\"));\nint twice(int x) { return 2 * x; }\nclass Box { int v = 1; }");
        run("int twice(int x) { return 3 * x; }\nclass Box { int v = 2; int w = 3; }\nint keep2 = keep + 1;");
        assertEquals("21", run("twice(keep)").result().plainText());
        assertEquals("[a]", run("names").result().plainText());
        assertEquals("2", run("new Box().v").result().plainText());
        run("String keep = \"now a string\";");
        assertEquals("[a]", run("names").result().plainText());
    }

    @Test
    void mutuallyDependentTypesInOneCell() {
        ExecutionOutcome outcome = run("""
                interface Shape { double area(); Square bigger(); }
                record Square(double side) implements Shape {
                    public double area() { return side * side; }
                    public Square bigger() { return new Square(side * 2); }
                }
                class Node { Tree owner; }
                class Tree { List<Node> nodes = new ArrayList<>(); }
                new Square(1.5).bigger().area()
                """);
        assertEquals(ExecutionOutcome.Status.OK, outcome.status(), () -> String.valueOf(outcome.error()));
        assertEquals("9.0", outcome.result().plainText());
    }

    @Test
    void compileErrorPointsAtTheCellLine() {
        ExecutionOutcome outcome = run("int x = 1;\nint y = 2;\nint z = undefinedThing + 1;");
        assertEquals(ExecutionOutcome.Status.ERROR, outcome.status());
        assertEquals("CompilationException", outcome.error().ename());
        assertTrue(outcome.error().evalue().startsWith("line 3: cannot find symbol"), outcome.error().evalue());
        String traceback = String.join("\n", outcome.error().traceback());
        assertTrue(traceback.contains("int z = undefinedThing + 1;"), traceback);
        assertTrue(traceback.contains("            ^"), traceback);
    }

    @Test
    void runtimeErrorHasTheRealClassAndCellFrames() {
        run("int divide(int a, int b) {\n    return a / b;\n}");
        ExecutionOutcome outcome = run("int q = 1;\nint r = divide(q, 0);");
        assertEquals(ExecutionOutcome.Status.ERROR, outcome.status());
        assertEquals("java.lang.ArithmeticException", outcome.error().ename());
        assertEquals("/ by zero", outcome.error().evalue());
        String traceback = String.join("\n", outcome.error().traceback());
        assertTrue(traceback.contains("line 2 in divide(): return a / b;"), traceback);
        assertTrue(traceback.contains("line 2: int r = divide(q, 0);"), traceback);
        assertTrue(!traceback.contains("jdk.jshell") && !traceback.contains("dev.jtrack.kernel"), traceback);
    }

    @Test
    void exceptionFromLibraryShowsUserFramesFirstAndCause() {
        ExecutionOutcome outcome = run("List<Integer> empty = new ArrayList<>();\n"
                + "try { empty.get(3); } catch (IndexOutOfBoundsException e) { throw new IllegalStateException(\"wrapped\", e); }");
        assertEquals("java.lang.IllegalStateException", outcome.error().ename());
        assertEquals("wrapped", outcome.error().evalue());
        List<String> lines = outcome.error().traceback();
        assertTrue(lines.get(1).contains("line 2"), String.join("\n", lines));
        assertTrue(String.join("\n", lines).contains("Caused by: "), String.join("\n", lines));
    }

    @Test
    void systemExitFailsTheCellAndTheKernelLives() {
        run("int survivor = 99;");
        ExecutionOutcome outcome = run("System.out.println(\"before\");\nSystem.exit(3);");
        assertEquals(ExecutionOutcome.Status.ERROR, outcome.status());
        assertEquals(ExitAttemptError.class.getName(), outcome.error().ename());
        assertTrue(outcome.error().evalue().contains("System.exit(3)"));
        ExecutionOutcome halt = run("Runtime.getRuntime().halt(4);");
        assertTrue(halt.error().evalue().contains("Runtime.halt(4)"));
        ExecutionOutcome exit = run("Runtime.getRuntime().exit(5);");
        assertTrue(exit.error().evalue().contains("Runtime.exit(5)"));
        assertEquals("99", run("survivor").result().plainText());
        ExecutionOutcome reference = run("java.util.function.IntConsumer quit = System::exit;\nquit.accept(6);");
        assertEquals(ExitAttemptError.class.getName(), reference.error().ename());
        assertTrue(reference.error().evalue().contains("System.exit(6)"));
        ExecutionOutcome bound = run("java.util.function.IntConsumer halt = Runtime.getRuntime()::halt;\nhalt.accept(7);");
        assertTrue(bound.error().evalue().contains("Runtime.halt(7)"), bound.error().evalue());
        assertEquals("99", run("survivor").result().plainText());
    }

    @Test
    void interruptedStateDoesNotBreakRecordingOfUserObjects() {
        run("record Point(int x, int y) { public String toString() { return \"P\" + x; } }\nPoint p = new Point(1, 2);");
        EngineFixture.engine().interrupt();
        ExecutionOutcome outcome = run("Point q = new Point(3, 4);\nq");
        assertEquals("P3", outcome.result().plainText(), () -> String.valueOf(outcome.error()));
    }

    @Test
    void defaultImportsAreInPlace() {
        ExecutionOutcome outcome = run("new BigDecimal(\"1.5\").add(BigDecimal.ONE) + \" \" + LocalDate.of(2024, 1, 2) + \" \" + Paths.get(\"a\") + \" \" + Stream.of(1).count()");
        assertEquals("2.5 2024-01-02 a 1", outcome.result().plainText(), () -> String.valueOf(outcome.error()));
    }

    @Test
    void oddInputGivesAClearResultAndKeepsState() {
        run("int stays = 5;");
        assertEquals(ExecutionOutcome.Status.OK, run("").status());
        assertEquals(ExecutionOutcome.Status.OK, run("   \n\n").status());
        assertEquals(ExecutionOutcome.Status.OK, run("// only a comment").status());
        for (String bad : List.of("/* unclosed", "}", "class", "int x = ;", "for (;;", "\"unterminated")) {
            ExecutionOutcome outcome = run(bad);
            assertEquals(ExecutionOutcome.Status.ERROR, outcome.status(), bad);
            assertTrue(outcome.error().evalue() != null && !outcome.error().evalue().isBlank(), bad);
        }
        assertEquals("5", run("stays").result().plainText());
    }

    @Test
    void unresolvedReferenceIsAnError() {
        ExecutionOutcome outcome = run("int usesMissing() { return missingHelper(); }");
        assertEquals(ExecutionOutcome.Status.ERROR, outcome.status());
        assertTrue(outcome.error().evalue().contains("missingHelper"), outcome.error().evalue());
    }
}
