package dev.jtrack.kernel.engine;

import static dev.jtrack.kernel.engine.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutputRoutingTest {

    @Test
    void threadsStartedByACellWriteToThatCellEvenAfterItEnded() throws Exception {
        TestSink first = new TestSink();
        run("java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);\n"
                + "Thread late = new Thread(() -> { try { go.await(); } catch (InterruptedException e) { } System.out.println(\"from thread\"); });\n"
                + "late.start();", first);
        TestSink second = new TestSink();
        run("go.countDown(); late.join(); System.out.println(\"second cell\");", second);
        long deadline = System.currentTimeMillis() + 5000;
        while (!first.text("stdout").contains("from thread") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("from thread\n", first.text("stdout"));
        assertEquals("second cell\n", second.text("stdout"));
    }

    @Test
    void outputIsFlushedPromptlyWhileTheCellRuns() throws Exception {
        run("0");
        TestSink sink = new TestSink();
        Thread cell = new Thread(() -> run("System.out.println(\"early\");\nThread.sleep(1500);", sink));
        cell.start();
        long deadline = System.currentTimeMillis() + 1200;
        while (!sink.text("stdout").contains("early") && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(cell.isAlive(), "the cell should still be running");
        assertEquals("early\n", sink.text("stdout"));
        cell.join(5000);
    }

    @Test
    void manyPrintedLinesArriveInOrderInFewMessages() {
        TestSink sink = new TestSink();
        run("for (int i = 0; i < 2000; i++) { System.out.println(\"line \" + i); }", sink);
        String text = sink.text("stdout");
        assertTrue(text.startsWith("line 0\nline 1\n") && text.endsWith("line 1999\n"));
        assertEquals(2000, text.lines().count());
        assertTrue(sink.calls().size() < 100, "sent " + sink.calls().size() + " stream messages");
    }

    @Test
    void unicodeSurvivesBuffering() {
        TestSink sink = new TestSink();
        run("System.out.print(\"h\u00e9llo \u2713 \uD83D\uDE00\");", sink);
        assertEquals("h\u00e9llo \u2713 \uD83D\uDE00", sink.text("stdout"));
    }

    @Test
    void systemInAsksTheFrontEnd() {
        TestSink sink = new TestSink().input("Ada", "42");
        ExecutionOutcome outcome = run("Scanner scanner = new Scanner(System.in);\nString who = scanner.nextLine();\n"
                + "int n = Integer.parseInt(scanner.nextLine());\nwho + \":\" + (n + 1)", sink);
        assertEquals("Ada:43", outcome.result().plainText(), () -> String.valueOf(outcome.error()));
    }

    @Test
    void displayApiSendsDisplayUpdateAndClear() {
        TestSink sink = new TestSink();
        ExecutionOutcome outcome = run("System.out.println(\"first\");\nString id = display(html(\"<b>hi</b>\"));\n"
                + "updateDisplay(id, \"plain now\");\nclearOutput();\nid", sink);
        assertEquals(ExecutionOutcome.Status.OK, outcome.status(), () -> String.valueOf(outcome.error()));
        var displays = sink.displays();
        assertEquals(3, displays.size());
        assertEquals("display", displays.get(0).kind());
        assertEquals("<b>hi</b>", displays.get(0).bundle().data().get("text/html"));
        assertEquals("update", displays.get(1).kind());
        assertEquals(displays.get(0).displayId(), displays.get(1).displayId());
        assertEquals("plain now", displays.get(1).bundle().plainText());
        assertEquals("clear", displays.get(2).kind());
        assertEquals(displays.get(0).displayId(), outcome.result().plainText());
        assertEquals("stream", sink.calls().get(0).kind(), "stdout written before display() must be sent first");
    }
}
