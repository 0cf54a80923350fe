package dev.jtrack.frontends;

import org.junit.jupiter.api.BeforeAll;

/** {@link WidgetChecks} in Notebook 7. */
class Notebook7WidgetsBrowserIT extends WidgetChecks {
    @BeforeAll
    static void startAll() throws Exception {
        startWith(JupyterServer.App.NOTEBOOK, "Notebook7WidgetsBrowserIT");
    }

    @Override
    String notebookUrl() {
        return jupyter.notebookUrl("widgets.ipynb");
    }

    /** The same Notebook 7.6.5 bundle error as in {@link Notebook7BrowserIT}: not the kernel's doing. */
    @Override
    boolean isKnownFrontEndNoise(String consoleMessage) {
        return consoleMessage.contains("/static/notebook/notebook_core.")
                && consoleMessage.endsWith("Uncaught TypeError: Cannot read properties of undefined (reading 'schema')");
    }
}
