package dev.jtrack.kernel.protocol;

import java.util.List;
import java.util.Map;

/**
 * One Jupyter message. The maps are JSON objects as Jackson reads them (nested maps, lists, strings,
 * numbers, booleans, nulls).
 *
 * @param identities the ZeroMQ routing identities (for a PUB message: the topic)
 * @param header the header: msg_id, session, username, date, msg_type, version
 * @param parentHeader the header of the request this message answers, or an empty map
 * @param metadata free-form metadata
 * @param content the message type's content
 * @param buffers extra binary frames
 */
public record Message(
        List<byte[]> identities,
        Map<String, Object> header,
        Map<String, Object> parentHeader,
        Map<String, Object> metadata,
        Map<String, Object> content,
        List<byte[]> buffers) {

    /** The header's {@code msg_type}. */
    public String type() {
        return String.valueOf(header.get("msg_type"));
    }

    /** The header's {@code msg_id}. */
    public String id() {
        return String.valueOf(header.get("msg_id"));
    }

    /** A string field of the content, or {@code fallback} when absent or not a string. */
    public String string(String field, String fallback) {
        return content.get(field) instanceof String s ? s : fallback;
    }

    /** A boolean field of the content, or {@code fallback} when absent or not a boolean. */
    public boolean bool(String field, boolean fallback) {
        return content.get(field) instanceof Boolean b ? b : fallback;
    }

    /** An integer field of the content, or {@code fallback} when absent or not a number. */
    public int integer(String field, int fallback) {
        return content.get(field) instanceof Number n ? n.intValue() : fallback;
    }
}
