package dev.jtrack.widgets;

import java.util.List;

/** A container laying out its children; see {@link HBox}, {@link VBox}, {@link Tab}, {@link Accordion}. */
public class Box extends DOMWidget {
    /** A box of the front-end model {@code modelName} holding {@code children}. */
    protected Box(String modelName, String viewName, List<? extends Widget> children) {
        super(modelName, viewName);
        set("children", List.copyOf(children));
        set("box_style", "");
    }

    /** A plain box holding {@code children}. */
    public Box(Widget... children) {
        this("BoxModel", "BoxView", List.of(children));
    }

    /** The children, in order. */
    @SuppressWarnings("unchecked")
    public List<Widget> children() {
        return (List<Widget>) get("children");
    }

    /** Replaces the children. */
    public Box children(List<? extends Widget> children) {
        set("children", List.copyOf(children));
        return this;
    }
}
