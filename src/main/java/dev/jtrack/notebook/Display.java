package dev.jtrack.notebook;

import dev.jtrack.kernel.display.DisplayService;

/**
 * Rich output from notebook code. The kernel imports these methods statically into every session,
 * so a cell can call {@code display(chart)}, {@code updateDisplay(id, table)} or
 * {@code display(html("<b>done</b>"))} directly.
 */
public final class Display {
    private Display() {}

    /** Shows {@code value} below the cell, rendered like a cell result; returns its display id. */
    public static String display(Object value) {
        return DisplayService.display(value);
    }

    /** Shows {@code value} as the given MIME types only (e.g. {@code "image/svg+xml"}); returns its display id. */
    public static String display(Object value, String... mimeTypes) {
        return DisplayService.display(value, mimeTypes);
    }

    /** Replaces what the display {@code id} shows with {@code value}. */
    public static void updateDisplay(String id, Object value) {
        DisplayService.update(id, value);
    }

    /** Replaces what the display {@code id} shows with {@code value} as the given MIME types. */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        DisplayService.update(id, value, mimeTypes);
    }

    /** Clears the output of the running cell. */
    public static void clearOutput() {
        DisplayService.clear(false);
    }

    /** Clears the output of the running cell once new output arrives ({@code wait=true}). */
    public static void clearOutput(boolean wait) {
        DisplayService.clear(wait);
    }

    /** HTML to show, e.g. as a cell's value or with {@link #display(Object)}. */
    public static MimeString html(String html) {
        return new MimeString("text/html", html);
    }

    /** Markdown to show. */
    public static MimeString markdown(String markdown) {
        return new MimeString("text/markdown", markdown);
    }

    /** A string with an explicit MIME type to show. */
    public static MimeString mime(String mimeType, String text) {
        return new MimeString(mimeType, text);
    }
}
