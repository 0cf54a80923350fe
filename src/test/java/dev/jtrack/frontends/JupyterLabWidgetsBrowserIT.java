package dev.jtrack.frontends;

import org.junit.jupiter.api.BeforeAll;

/** {@link WidgetChecks} in JupyterLab 4. */
class JupyterLabWidgetsBrowserIT extends WidgetChecks {
    @BeforeAll
    static void startAll() throws Exception {
        startWith(JupyterServer.App.LAB, "JupyterLabWidgetsBrowserIT");
    }

    @Override
    String notebookUrl() {
        return jupyter.url("lab/workspaces/widgets/tree/widgets.ipynb?reset&token=" + jupyter.token);
    }
}
