package dev.jtrack.widgets;

import java.util.function.Consumer;

/** A check box for a boolean. */
public final class Checkbox extends Control {
    /** A check box, ticked when {@code value} is true. */
    public Checkbox(boolean value) {
        super("CheckboxModel", "CheckboxView", "CheckboxStyleModel");
        set("value", value);
        set("indent", true);
        set("disabled", false);
    }

    /** An unticked check box. */
    public Checkbox() {
        this(false);
    }

    /** Whether it is ticked. */
    public boolean value() {
        return Boolean.TRUE.equals(get("value"));
    }

    /** Ticks or unticks it. */
    public Checkbox value(boolean value) {
        set("value", value);
        return this;
    }

    /** Calls {@code listener} with each new value. */
    public Checkbox onValue(Consumer<Boolean> listener) {
        ValueListeners.add(this, Boolean.TRUE::equals, listener);
        return this;
    }
}
