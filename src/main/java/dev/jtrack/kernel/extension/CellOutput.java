package dev.jtrack.kernel.extension;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output of a cell as a Jupyter MIME bundle: representations keyed by MIME type ({@code data})
 * plus per-MIME-type {@code metadata}, both in the order the kernel produced them. Values are
 * JSON-compatible: strings for text and base64 images, maps or lists for JSON types.
 *
 * @param data the representations
 * @param metadata the metadata
 */
public record CellOutput(Map<String, Object> data, Map<String, Object> metadata) {
    /** Copies both maps, keeping their order. */
    public CellOutput {
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** True when it has no representation. */
    public boolean isEmpty() {
        return data.isEmpty();
    }

    /** The {@code text/plain} representation, or {@code null}. */
    public String plainText() {
        Object text = data.get("text/plain");
        return text == null ? null : text.toString();
    }
}
