package dev.jtrack.widgets;

import java.util.List;

/** Children side by side. */
public final class HBox extends Box {
    /** A box holding {@code children}. */
    public HBox(Widget... children) {
        super("HBoxModel", "HBoxView", List.of(children));
    }

    /** A box holding {@code children}. */
    public HBox(List<? extends Widget> children) {
        super("HBoxModel", "HBoxView", children);
    }
}
