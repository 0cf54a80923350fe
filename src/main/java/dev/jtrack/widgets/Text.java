package dev.jtrack.widgets;

import java.util.function.Consumer;

/** A one-line text field. */
public final class Text extends Control {
    /** A field holding {@code value}. */
    public Text(String value) {
        super("TextModel", "TextView", "TextStyleModel");
        set("value", value == null ? "" : value);
        set("placeholder", "\u200b");
        set("continuous_update", true);
        set("disabled", false);
    }

    /** An empty field. */
    public Text() {
        this("");
    }

    /** The text. */
    public String value() {
        return (String) get("value");
    }

    /** Replaces the text. */
    public Text value(String value) {
        set("value", value == null ? "" : value);
        return this;
    }

    /** The grey text shown while the field is empty. */
    public Text placeholder(String text) {
        set("placeholder", text);
        return this;
    }

    /** Whether a front end reports every keystroke (true) or only when the field loses focus or Enter is pressed. */
    public Text continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    /** Calls {@code listener} with each new text. */
    public Text onValue(Consumer<String> listener) {
        ValueListeners.add(this, String::valueOf, listener);
        return this;
    }
}
