package dev.jtrack.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A choice of one option among several ({@link Dropdown}, {@link RadioButtons},
 * {@link ToggleButtons}). Options are any objects, shown by their {@code toString()}; the front
 * end sends the chosen index, {@link #value()} is the chosen option.
 *
 * @param <T> the options' type
 */
public abstract class Selection<T> extends Control {
    private final List<T> options;

    /** A selection of {@code options} with the first chosen. */
    protected Selection(String modelName, String viewName, String styleModel, List<? extends T> options) {
        super(modelName, viewName, styleModel);
        if (options.isEmpty()) {
            throw new IllegalArgumentException("a selection needs at least one option");
        }
        this.options = List.copyOf(options);
        List<String> labels = new ArrayList<>();
        for (T option : this.options) {
            labels.add(String.valueOf(option));
        }
        set("_options_labels", labels);
        set("index", 0);
        set("disabled", false);
    }

    /** The options, in order. */
    public List<T> options() {
        return options;
    }

    /** The index of the chosen option. */
    public int index() {
        return ValueListeners.toInt(get("index"));
    }

    /** The chosen option. */
    public T value() {
        return options.get(index());
    }

    /** Chooses {@code option}; it must be one of the options. */
    public Selection<T> value(T option) {
        int index = options.indexOf(option);
        if (index < 0) {
            throw new IllegalArgumentException(option + " is not one of " + options);
        }
        set("index", index);
        return this;
    }

    /** Calls {@code listener} with each newly chosen option. */
    public Selection<T> onValue(Consumer<? super T> listener) {
        Objects.requireNonNull(listener);
        onChange("index", index -> listener.accept(value()));
        return this;
    }

    @Override
    protected Object fromFrontEnd(String name, Object value) {
        if ("index".equals(name) && value instanceof Number n) {
            int index = n.intValue();
            return index >= 0 && index < options.size() ? index : get("index");
        }
        return value;
    }

    @Override
    protected String describe() {
        return "value=" + value() + ", options=" + options;
    }
}
