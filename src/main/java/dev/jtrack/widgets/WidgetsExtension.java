package dev.jtrack.widgets;

import dev.jtrack.kernel.extension.KernelExtension;
import dev.jtrack.kernel.extension.KernelSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes widgets usable in notebooks: registers the widget comm targets, shows widgets as
 * {@code application/vnd.jupyter.widget-view+json} with a {@code text/plain} fallback that names
 * what a front end needs, and imports the widget classes and {@link Widgets}' helpers. Loaded
 * through {@code META-INF/services/dev.jtrack.kernel.extension.KernelExtension}.
 */
public final class WidgetsExtension implements KernelExtension {
    /** What the plain-text form says front ends without widget support need. */
    static final String NEEDS = "interactive widgets need a front end speaking the Jupyter widget protocol 2.x"
            + " (ipywidgets >= 8 with JupyterLab >= 3, Notebook >= 7 or VS Code)";

    /** Needed by the service loader. */
    public WidgetsExtension() {}

    @Override
    public List<String> defaultImports() {
        return List.of(IntSlider.class, FloatSlider.class, IntRangeSlider.class, Dropdown.class, RadioButtons.class,
                        Checkbox.class, Text.class, Textarea.class, Button.class, ToggleButtons.class, Output.class,
                        Label.class, HTML.class, Image.class, Play.class, HBox.class, VBox.class, Tab.class,
                        Accordion.class, Layout.class).stream().map(Class::getName).toList();
    }

    @Override
    public List<String> staticImports() {
        return List.of(Widgets.class.getName());
    }

    @Override
    public void onStart(KernelSession session) {
        boolean connected = session.comms().connected();
        WidgetManager.comms();
        session.registerRenderer(Widget.class, (widget, requested, into) -> {
            into.put("text/plain", plainText(widget));
            if (connected && session.comms().connected()) {
                Map<String, Object> view = new LinkedHashMap<>(widget.viewReference());
                into.put("application/vnd.jupyter.widget-view+json", view);
            }
        });
    }

    /** The text shown by front ends (and headless runs) that don't render widgets. */
    static String plainText(Widget widget) {
        return widget + " — " + NEEDS;
    }
}
