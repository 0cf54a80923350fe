package dev.jtrack.widgets;

/**
 * The CSS layout of a widget ({@code width}, {@code height}, {@code border}, {@code margin},
 * {@code padding}, {@code display}, {@code flex_flow}, {@code justify_content}, {@code align_items},
 * ...: ipywidgets' names, CSS values as strings). Every widget shown has one:
 * {@code slider.layout().width("300px")}.
 */
public final class Layout extends Widget {
    /** An empty layout: the front end's defaults. */
    public Layout() {
        super(BASE, "LayoutModel", BASE, "LayoutView");
    }

    /** Sets the CSS property {@code name} (ipywidgets' snake_case name, e.g. {@code "max_width"}). */
    @Override
    public Layout set(String name, Object value) {
        super.set(name, value);
        return this;
    }

    /** CSS {@code width}, e.g. {@code "50%"} or {@code "300px"}. */
    public Layout width(String width) {
        return set("width", width);
    }

    /** CSS {@code height}. */
    public Layout height(String height) {
        return set("height", height);
    }

    /** CSS {@code border}, e.g. {@code "1px solid gray"} (ipywidgets 8 sets all four sides). */
    public Layout border(String border) {
        set("border_top", border);
        set("border_right", border);
        set("border_bottom", border);
        return set("border_left", border);
    }

    /** CSS {@code margin}. */
    public Layout margin(String margin) {
        return set("margin", margin);
    }

    /** CSS {@code padding}. */
    public Layout padding(String padding) {
        return set("padding", padding);
    }

    /** CSS {@code display}, e.g. {@code "none"} to hide the widget. */
    public Layout display(String display) {
        return set("display", display);
    }
}
