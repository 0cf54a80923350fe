package dev.jtrack.widgets;

/** HTML shown in a widget (e.g. in a box next to controls); change it with {@link #value(String)}. */
public final class HTML extends Control {
    /** Shows {@code value}. */
    public HTML(String value) {
        super("HTMLModel", "HTMLView", "HTMLStyleModel");
        set("value", value == null ? "" : value);
        set("placeholder", "\u200b");
    }

    /** The text shown. */
    public String value() {
        return (String) get("value");
    }

    /** Replaces the text shown. */
    public HTML value(String value) {
        set("value", value == null ? "" : value);
        return this;
    }
}
