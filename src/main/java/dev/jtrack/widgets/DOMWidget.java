package dev.jtrack.widgets;

import java.util.ArrayList;
import java.util.List;

/** A widget with a view on the page: it has a {@link Layout} and CSS classes. */
public abstract class DOMWidget extends Widget {
    private final Layout layout = new Layout();

    /** A controls-module widget {@code modelName} shown by {@code viewName}. */
    protected DOMWidget(String modelName, String viewName) {
        this(CONTROLS, VERSION, modelName, viewName);
    }

    /** A widget of another module (e.g. the output widget's). */
    protected DOMWidget(String module, String version, String modelName, String viewName) {
        super(module, version, modelName, module, version, viewName);
        super.set("layout", layout);
        super.set("_dom_classes", List.of());
        super.set("tabbable", null);
        super.set("tooltip", null);
    }

    /** The widget's CSS layout. */
    public Layout layout() {
        return layout;
    }

    /** Adds the CSS class {@code name} to the widget's element. */
    public DOMWidget addClass(String name) {
        List<Object> classes = new ArrayList<>((List<?>) get("_dom_classes"));
        if (!classes.contains(name)) {
            classes.add(name);
            set("_dom_classes", classes);
        }
        return this;
    }

    /** Sets the tooltip shown on hover. */
    public DOMWidget tooltip(String text) {
        set("tooltip", text);
        return this;
    }
}
