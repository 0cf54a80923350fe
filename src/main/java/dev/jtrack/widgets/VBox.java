package dev.jtrack.widgets;

import java.util.List;

/** Children one below the other. */
public class VBox extends Box {
    /** A box holding {@code children}. */
    public VBox(Widget... children) {
        super("VBoxModel", "VBoxView", List.of(children));
    }

    /** A box holding {@code children}. */
    public VBox(List<? extends Widget> children) {
        super("VBoxModel", "VBoxView", children);
    }
}
