package dev.jtrack.widgets;

import java.util.function.IntConsumer;

/**
 * A play button that counts from {@code min} to {@code max} in the front end, one step every
 * {@code interval} milliseconds; link it to a slider with {@link Widgets#jslink}.
 */
public final class Play extends Control {
    /** Counts from {@code min} to {@code max} starting at {@code value}, one step every {@code intervalMillis}. */
    public Play(int value, int min, int max, int intervalMillis) {
        super("PlayModel", "PlayView", "DescriptionStyleModel");
        set("min", min);
        set("max", max);
        set("step", 1);
        set("value", value);
        set("interval", intervalMillis);
        set("playing", false);
        set("repeat", false);
        set("show_repeat", true);
        set("disabled", false);
    }

    /** The current count. */
    public int value() {
        return ValueListeners.toInt(get("value"));
    }

    /** Sets the count. */
    public Play value(int value) {
        set("value", value);
        return this;
    }

    /** Calls {@code listener} with each new count. */
    public Play onValue(IntConsumer listener) {
        ValueListeners.add(this, ValueListeners::toInt, listener::accept);
        return this;
    }

    @Override
    protected Object fromFrontEnd(String name, Object value) {
        return value instanceof Number n ? (Object) n.intValue() : value;
    }
}
