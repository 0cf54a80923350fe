package dev.jtrack.widgets;

import java.util.List;

/**
 * A drop-down list to choose one option.
 *
 * @param <T> the options' type
 */
public final class Dropdown<T> extends Selection<T> {
    /** Choices among {@code options}, the first chosen. */
    public Dropdown(List<? extends T> options) {
        super("DropdownModel", "DropdownView", "DescriptionStyleModel", options);
    }

    /** Choices among {@code options}, the first chosen. */
    @SafeVarargs
    public Dropdown(T... options) {
        this(List.of(options));
    }
}
