package dev.jtrack.widgets;

import java.util.List;

/**
 * Radio buttons to choose one option.
 *
 * @param <T> the options' type
 */
public final class RadioButtons<T> extends Selection<T> {
    /** Choices among {@code options}, the first chosen. */
    public RadioButtons(List<? extends T> options) {
        super("RadioButtonsModel", "RadioButtonsView", "DescriptionStyleModel", options);
        set("orientation", "vertical");
    }

    /** Choices among {@code options}, the first chosen. */
    @SafeVarargs
    public RadioButtons(T... options) {
        this(List.of(options));
    }
}
