package dev.jtrack.widgets;

import java.util.function.Consumer;
import java.util.function.Function;

/** Typed {@code value} listeners for widgets that keep their value in a JSON form. */
final class ValueListeners {
    private ValueListeners() {}

    static <T> void add(Widget widget, Function<Object, T> convert, Consumer<? super T> listener) {
        widget.onChange("value", raw -> listener.accept(convert.apply(raw)));
    }

    static int toInt(Object value) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("not a number: " + value);
    }

    static double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("not a number: " + value);
    }
}
