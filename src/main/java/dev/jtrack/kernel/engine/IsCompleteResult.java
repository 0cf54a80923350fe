package dev.jtrack.kernel.engine;

/**
 * An is_complete_reply's content.
 *
 * @param status {@code complete}, {@code incomplete}, {@code invalid} or {@code unknown}
 * @param indent for {@code incomplete}, the indent to put on the next line; else empty
 */
public record IsCompleteResult(String status, String indent) {}
