package dev.jtrack.widgets;

/**
 * A widget with a description (the label before it), a {@link Style} and a disabled flag: the
 * sliders, text fields, selections, check boxes and buttons.
 */
public abstract class Control extends DOMWidget {
    private final Style style;

    /** A controls-module widget with a style model {@code styleModel}. */
    protected Control(String modelName, String viewName, String styleModel) {
        super(modelName, viewName);
        style = new Style(styleModel);
        set("description", "");
        set("description_allow_html", false);
        set("style", style);
    }

    /** The widget's style. */
    public Style style() {
        return style;
    }

    /** The description shown before the widget. */
    public String description() {
        return (String) get("description");
    }

    /** Sets the description shown before the widget. */
    public Control description(String description) {
        set("description", description == null ? "" : description);
        return this;
    }

    /** Whether the user can change the widget. */
    public boolean disabled() {
        return Boolean.TRUE.equals(get("disabled"));
    }

    /** Enables or disables the widget. */
    public Control disabled(boolean disabled) {
        set("disabled", disabled);
        return this;
    }
}
