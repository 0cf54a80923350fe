package dev.jtrack.kernel.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Jupyter MIME bundle: representations of one value keyed by MIME type ({@code data}) plus
 * per-MIME-type {@code metadata}. Values are JSON-compatible: strings for text and base64 images,
 * maps or lists for JSON types.
 */
public final class MimeBundle {
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    /** Adds or replaces the representation for {@code mimeType}; returns this bundle. */
    public MimeBundle put(String mimeType, Object value) {
        data.put(mimeType, value);
        return this;
    }

    /** Adds or replaces metadata for {@code key} (usually a MIME type); returns this bundle. */
    public MimeBundle putMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    /** The representations, in insertion order. */
    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    /** The metadata, in insertion order. */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** True when no representation was added. */
    public boolean isEmpty() {
        return data.isEmpty();
    }

    /** The {@code text/plain} representation, or {@code null}. */
    public String plainText() {
        Object text = data.get("text/plain");
        return text == null ? null : text.toString();
    }

    @Override
    public String toString() {
        return "MimeBundle" + data.keySet();
    }
}
