package dev.jtrack.kernel.display;

import dev.jtrack.kernel.engine.MimeBundle;
import java.util.Set;

/**
 * Turns values of one type into MIME representations.
 *
 * @param <T> the type of value rendered
 */
@FunctionalInterface
public interface Renderer<T> {
    /**
     * Adds representations of {@code value} to {@code into}.
     *
     * @param requested the MIME types the caller asked for, or an empty set for the renderer's
     *     defaults; a renderer that cannot produce a requested type throws
     *     {@link IllegalArgumentException} saying why
     */
    void render(T value, Set<String> requested, MimeBundle into);
}
