package dev.jtrack.widgets;

/** Plain text shown as a label; change it with {@link #value(String)}. */
public final class Label extends Control {
    /** Shows {@code value}. */
    public Label(String value) {
        super("LabelModel", "LabelView", "LabelStyleModel");
        set("value", value == null ? "" : value);
        set("placeholder", "\u200b");
    }

    /** The text shown. */
    public String value() {
        return (String) get("value");
    }

    /** Replaces the text shown. */
    public Label value(String value) {
        set("value", value == null ? "" : value);
        return this;
    }
}
