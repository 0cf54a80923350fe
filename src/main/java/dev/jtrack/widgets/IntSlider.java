package dev.jtrack.widgets;

import java.util.function.IntConsumer;

/** A slider for an integer between {@code min} and {@code max}. */
public final class IntSlider extends Control {
    /** A slider from 0 to 100 at 0. */
    public IntSlider() {
        this(0, 0, 100);
    }

    /** A slider from {@code min} to {@code max} at {@code value} (clamped into the range). */
    public IntSlider(int value, int min, int max) {
        super("IntSliderModel", "IntSliderView", "SliderStyleModel");
        if (min > max) {
            throw new IllegalArgumentException("min " + min + " is above max " + max);
        }
        set("min", min);
        set("max", max);
        set("step", 1);
        set("value", Math.max(min, Math.min(max, value)));
        set("orientation", "horizontal");
        set("readout", true);
        set("readout_format", "d");
        set("continuous_update", true);
        set("behavior", "drag-tap");
        set("disabled", false);
    }

    /** The current value. */
    public int value() {
        return ValueListeners.toInt(get("value"));
    }

    /** Moves the slider to {@code value}, clamped into the range. */
    public IntSlider value(int value) {
        set("value", Math.max(ValueListeners.toInt(get("min")), Math.min(ValueListeners.toInt(get("max")), value)));
        return this;
    }

    /** The step between values. */
    public IntSlider step(int step) {
        set("step", step);
        return this;
    }

    /** Whether a front end reports values while the handle moves (true) or only when it is released. */
    public IntSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    /** Calls {@code listener} with each new value. */
    public IntSlider onValue(IntConsumer listener) {
        ValueListeners.add(this, ValueListeners::toInt, listener::accept);
        return this;
    }

    @Override
    protected Object fromFrontEnd(String name, Object value) {
        return value instanceof Number n && !"readout_format".equals(name) ? (Object) n.intValue() : value;
    }
}
