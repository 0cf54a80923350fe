package dev.jtrack.widgets;

import java.util.List;

/**
 * A link kept by the front end between a property of one widget and a property of another
 * ({@link Widgets#jslink}): works without a round trip to the kernel. {@link #close()} unlinks.
 */
public final class Link extends Widget {
    Link(Widget source, String sourceProperty, Widget target, String targetProperty) {
        super(CONTROLS, "LinkModel", CONTROLS, null);
        set("source", List.of(source, sourceProperty));
        set("target", List.of(target, targetProperty));
    }
}
