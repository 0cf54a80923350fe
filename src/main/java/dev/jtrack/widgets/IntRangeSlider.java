package dev.jtrack.widgets;

import java.util.List;
import java.util.function.BiConsumer;

/** A slider with two handles: a range {@code [lower, upper]} of integers between {@code min} and {@code max}. */
public final class IntRangeSlider extends Control {
    /** A range slider from {@code min} to {@code max} selecting {@code [lower, upper]}. */
    public IntRangeSlider(int lower, int upper, int min, int max) {
        super("IntRangeSliderModel", "IntRangeSliderView", "SliderStyleModel");
        if (min > max || lower > upper) {
            throw new IllegalArgumentException("need min <= max and lower <= upper");
        }
        set("min", min);
        set("max", max);
        set("step", 1);
        set("value", List.of(Math.max(min, lower), Math.min(max, upper)));
        set("orientation", "horizontal");
        set("readout", true);
        set("readout_format", "d");
        set("continuous_update", true);
        set("behavior", "drag-tap");
        set("disabled", false);
    }

    /** The lower end of the selected range. */
    public int lower() {
        return ValueListeners.toInt(((List<?>) get("value")).get(0));
    }

    /** The upper end of the selected range. */
    public int upper() {
        return ValueListeners.toInt(((List<?>) get("value")).get(1));
    }

    /** Selects {@code [lower, upper]}. */
    public IntRangeSlider value(int lower, int upper) {
        if (lower > upper) {
            throw new IllegalArgumentException("lower " + lower + " is above upper " + upper);
        }
        set("value", List.of(lower, upper));
        return this;
    }

    /** Calls {@code listener} with the lower and upper end of each new range. */
    public IntRangeSlider onValue(BiConsumer<Integer, Integer> listener) {
        onChange("value", v -> listener.accept(lower(), upper()));
        return this;
    }

    @Override
    protected Object fromFrontEnd(String name, Object value) {
        if ("value".equals(name) && value instanceof List<?> list && list.size() == 2) {
            return List.of(ValueListeners.toInt(list.get(0)), ValueListeners.toInt(list.get(1)));
        }
        return value instanceof Number n ? (Object) n.intValue() : value;
    }
}
