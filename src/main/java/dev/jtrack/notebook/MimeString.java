package dev.jtrack.notebook;

import dev.jtrack.kernel.display.MimeText;
import java.util.Objects;

/**
 * A string with an explicit MIME type: shown in the notebook as that type, e.g.
 * {@code new MimeString("text/html", "<b>hi</b>")}.
 *
 * @param mimeType e.g. {@code text/html}, {@code text/markdown}, {@code image/svg+xml}
 * @param text the content
 */
public record MimeString(String mimeType, String text) implements MimeText {
    /** Checks both parts are present. */
    public MimeString {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return text;
    }
}
