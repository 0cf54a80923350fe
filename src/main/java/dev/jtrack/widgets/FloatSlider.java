package dev.jtrack.widgets;

import java.util.function.DoubleConsumer;

/** A slider for a decimal number between {@code min} and {@code max}. */
public final class FloatSlider extends Control {
    /** A slider from 0 to 1 at 0 in steps of 0.01. */
    public FloatSlider() {
        this(0, 0, 1, 0.01);
    }

    /** A slider from {@code min} to {@code max} in steps of {@code step} at {@code value}. */
    public FloatSlider(double value, double min, double max, double step) {
        super("FloatSliderModel", "FloatSliderView", "SliderStyleModel");
        if (!(min <= max) || !(step > 0)) {
            throw new IllegalArgumentException("need min <= max and step > 0: " + min + ", " + max + ", " + step);
        }
        set("min", min);
        set("max", max);
        set("step", step);
        set("value", Math.max(min, Math.min(max, value)));
        set("orientation", "horizontal");
        set("readout", true);
        set("readout_format", ".2f");
        set("continuous_update", true);
        set("behavior", "drag-tap");
        set("disabled", false);
    }

    /** The current value. */
    public double value() {
        return ValueListeners.toDouble(get("value"));
    }

    /** Moves the slider to {@code value}, clamped into the range. */
    public FloatSlider value(double value) {
        set("value", Math.max(ValueListeners.toDouble(get("min")), Math.min(ValueListeners.toDouble(get("max")), value)));
        return this;
    }

    /** The readout's format, a d3-format string such as {@code ".3f"} or {@code ".1e"}. */
    public FloatSlider readoutFormat(String format) {
        set("readout_format", format);
        return this;
    }

    /** Whether a front end reports values while the handle moves (true) or only when it is released. */
    public FloatSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    /** Calls {@code listener} with each new value. */
    public FloatSlider onValue(DoubleConsumer listener) {
        ValueListeners.add(this, ValueListeners::toDouble, listener::accept);
        return this;
    }

    @Override
    protected Object fromFrontEnd(String name, Object value) {
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }
}
