package dev.jtrack.kernel.display;

/**
 * Text with an explicit MIME type, shown as that type (and as {@code text/plain} beside it). The
 * notebook API's {@code MimeString} is one; {@link #of} makes another.
 */
public interface MimeText {
    /** The MIME type, e.g. {@code text/html}, {@code text/markdown}, {@code image/svg+xml}. */
    String mimeType();

    /** The content. */
    String text();

    /** Text of the given MIME type. */
    static MimeText of(String mimeType, String text) {
        return new Value(mimeType, text);
    }

    /** The plain implementation behind {@link #of}. */
    record Value(String mimeType, String text) implements MimeText {
        /** Checks both parts are present. */
        public Value {
            java.util.Objects.requireNonNull(mimeType, "mimeType");
            java.util.Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
