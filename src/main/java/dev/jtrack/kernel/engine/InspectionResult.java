package dev.jtrack.kernel.engine;

/** An inspect_reply's content: {@code found} and, when found, what to show. */
public record InspectionResult(boolean found, MimeBundle data) {
    /** Nothing to show at the cursor. */
    public static InspectionResult notFound() {
        return new InspectionResult(false, new MimeBundle());
    }
}
