package dev.jtrack.widgets;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** A button; {@link #onClick} callbacks run in the kernel when it is clicked. */
public final class Button extends Control {
    private final List<Runnable> clickHandlers = new CopyOnWriteArrayList<>();

    /** A button labelled {@code description}. */
    public Button(String description) {
        super("ButtonModel", "ButtonView", "ButtonStyleModel");
        description(description);
        set("button_style", "");
        set("icon", "");
        set("disabled", false);
        onCustomMessage((content, buffers) -> {
            if ("click".equals(content.get("event"))) {
                click();
            }
        });
    }

    /** A button without a label. */
    public Button() {
        this("");
    }

    /** Runs {@code handler} on every click. */
    public Button onClick(Runnable handler) {
        clickHandlers.add(Objects.requireNonNull(handler));
        return this;
    }

    /** Runs the click handlers, as a click in a front end does. */
    public void click() {
        for (Runnable handler : clickHandlers) {
            handler.run();
        }
    }

    /** The look: {@code "primary"}, {@code "success"}, {@code "info"}, {@code "warning"}, {@code "danger"} or {@code ""}. */
    public Button buttonStyle(String style) {
        set("button_style", style);
        return this;
    }

    /** A Font Awesome icon name, e.g. {@code "check"}. */
    public Button icon(String icon) {
        set("icon", icon);
        return this;
    }
}
