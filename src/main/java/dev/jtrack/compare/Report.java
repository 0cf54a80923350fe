package dev.jtrack.compare;

import java.util.Objects;

/**
 * A comparison result shown as HTML (no scripts) with a plain-text twin, as {@code %best} and
 * {@code %compare} produce it.
 *
 * @param html the {@code text/html} form, values escaped
 * @param text the {@code text/plain} form
 */
public record Report(String html, String text) {
    /** Checks both forms are present. */
    public Report {
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return text;
    }
}
