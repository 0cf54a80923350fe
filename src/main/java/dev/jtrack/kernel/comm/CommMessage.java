package dev.jtrack.kernel.comm;

import java.util.List;
import java.util.Map;

/**
 * The payload of a comm_open, comm_msg or comm_close.
 *
 * @param data the message's {@code data} (JSON values)
 * @param metadata the message's metadata
 * @param buffers binary frames sent with the message
 */
public record CommMessage(Map<String, Object> data, Map<String, Object> metadata, List<byte[]> buffers) {
    /** A message with {@code data}, no metadata and no buffers. */
    public static CommMessage of(Map<String, Object> data) {
        return new CommMessage(data, Map.of(), List.of());
    }

    public CommMessage {
        data = data == null ? Map.of() : data;
        metadata = metadata == null ? Map.of() : metadata;
        buffers = buffers == null ? List.of() : List.copyOf(buffers);
    }
}
