package dev.jtrack.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The classes jtrack's own extensions import into every notebook ({@code Tracking}, {@code Runs},
 * {@code Models}, {@code Charts}, ...): usable without an import, never shadowing a class of the
 * same simple name that the notebook declares or imports. Its own engine, since cells here
 * declare classes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultImportsTest {
    private static JShellEngine engine;
    private static int count;

    @BeforeAll
    static void start() {
        engine = JShellEngine.create(List.of());
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String value(String code) {
        count++;
        ExecutionOutcome outcome = engine.execute(new ExecuteRequest(code, count, null, false, true, false, Map.of()),
                new TestSink());
        assertEquals(ExecutionOutcome.Status.OK, outcome.status(), () -> code + " -> " + outcome.error());
        return outcome.result() == null ? null : outcome.result().plainText();
    }

    @Test
    @Order(1)
    void trackingRunsModelsChartsAndDisplayNeedNoImport() {
        assertEquals("dev.jtrack.notebook.Tracking dev.jtrack.notebook.ActiveRun dev.jtrack.compare.Runs"
                        + " dev.jtrack.compare.Charts dev.jtrack.compare.HistoryOptions dev.jtrack.models.Models",
                value("Tracking.class.getName() + \" \" + ActiveRun.class.getName() + \" \" + Runs.class.getName()"
                        + " + \" \" + Charts.class.getName() + \" \" + HistoryOptions.class.getName()"
                        + " + \" \" + Models.class.getName()"));
        assertEquals("text/html", value("html(\"<b>x</b>\").mimeType()"));
    }

    @Test
    @Order(2)
    void aClassTheNotebookDeclaresOrImportsWins() {
        value("class Charts { static String who() { return \"mine\"; } }");
        assertEquals("mine", value("Charts.who()"));
        assertEquals("mine", value("class Models { static String who() { return \"mine too\"; } }\nModels.who().substring(0, 4)"));
        value("import java.awt.Label;");
        assertEquals("java.awt.Label", value("Label.class.getName()"));
        value("import java.awt.*;");
        assertEquals("java.awt.Label", value("Label.class.getName()"));
        // the other default imports are still there
        assertEquals("dev.jtrack.compare.Runs", value("Runs.class.getName()"));
    }

    @Test
    @Order(3)
    void anOnDemandImportOfTheNotebookIsNotShadowedByAnExtension() {
        // e.g. Tribuo's Label after `import org.tribuo.classification.*;`: no extension imports
        // common class names (the widgets are imported by the notebook itself)
        value("import java.awt.*;");
        assertEquals("java.awt.Image java.awt.Button java.awt.TextField", value(
                "Image.class.getName() + \" \" + Button.class.getName() + \" \" + TextField.class.getName()"));
        value("import dev.jtrack.widgets.*;");
        assertEquals("dev.jtrack.widgets.IntSlider", value("IntSlider.class.getName()"));
    }
}
