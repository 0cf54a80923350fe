package dev.jtrack.widgets;

import java.util.List;

/**
 * A row of toggle buttons to choose one option.
 *
 * @param <T> the options' type
 */
public final class ToggleButtons<T> extends Selection<T> {
    /** Choices among {@code options}, the first chosen. */
    public ToggleButtons(List<? extends T> options) {
        super("ToggleButtonsModel", "ToggleButtonsView", "ToggleButtonsStyleModel", options);
        set("button_style", "");
        set("icons", List.of());
        set("tooltips", List.of());
    }

    /** Choices among {@code options}, the first chosen. */
    @SafeVarargs
    public ToggleButtons(T... options) {
        this(List.of(options));
    }
}
