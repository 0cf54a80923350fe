package dev.jtrack.widgets;

/**
 * The style of a control (ipywidgets' per-control style models): {@code description_width},
 * {@code handle_color} (sliders), {@code button_color}, {@code font_weight}, ...:
 * {@code slider.style().set("handle_color", "orange")}.
 */
public final class Style extends Widget {
    /** A style of the front-end model {@code modelName}, e.g. {@code "SliderStyleModel"}. */
    Style(String modelName) {
        super(CONTROLS, modelName, BASE, "StyleView");
    }

    /** Sets the style property {@code name}. */
    @Override
    public Style set(String name, Object value) {
        super.set(name, value);
        return this;
    }

    /** The width of the description, e.g. {@code "initial"} so long descriptions are not cut. */
    public Style descriptionWidth(String width) {
        return set("description_width", width);
    }
}
