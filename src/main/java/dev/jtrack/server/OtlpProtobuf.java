package dev.jtrack.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decodes an OTLP/HTTP protobuf {@code ExportTraceServiceRequest} into the spans as JSON in
 * MLflow's form (snake_case fields, base64 ids, attributes as {@code AnyValue} objects), the same
 * form {@link OtlpJson} makes of the JSON encoding.
 *
 * <p>Why our own reader and not protobuf-java with the generated opentelemetry-proto classes:
 * Tribuo, which notebooks load next to jtrack, brings protobuf-java 3.x, and jtrack bundles its
 * libraries unrelocated, so a second protobuf-java would clash (see FlavorServeIT); relocating it
 * would add megabytes to the jar for thirteen small messages. The wire format itself is five rules
 * (varint, fixed64, length-delimited, fixed32, field keys) and is what this class reads; unknown
 * fields are skipped as the protobuf rules require.
 */
final class OtlpProtobuf {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] STATUS_CODES = {"STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"};
    private static final String[] SPAN_KINDS = {"SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER",
            "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"};
    private static final int MAX_DEPTH = 32;

    private final byte[] buf;
    private int pos;
    private final int end;

    private OtlpProtobuf(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /** Malformed protobuf input. */
    static final class DecodeException extends Exception {
        private static final long serialVersionUID = 1L;

        DecodeException(String message) {
            super(message);
        }
    }

    /** The request's resource spans: {@code [{"resource": {...}, "scope_spans": [{"spans": [...]}]}]}. */
    static ArrayNode decodeRequest(byte[] body) throws DecodeException {
        OtlpProtobuf r = new OtlpProtobuf(body, 0, body.length);
        ArrayNode out = JSON.arrayNode();
        while (r.more()) {
            int key = r.key();
            if (key >>> 3 == 1 && (key & 7) == 2) {
                out.add(r.sub().resourceSpans());
            } else {
                r.skip(key);
            }
        }
        return out;
    }

    private ObjectNode resourceSpans() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode scopes = n.putArray("scope_spans");
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 1 -> n.set("resource", sub(key).resource());
                case 2 -> scopes.add(sub(key).scopeSpans());
                default -> skip(key);
            }
        }
        return n;
    }

    private ObjectNode resource() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode attrs = n.putArray("attributes");
        while (more()) {
            int key = key();
            if (key >>> 3 == 1) {
                attrs.add(sub(key).keyValue(0));
            } else {
                skip(key);
            }
        }
        return n;
    }

    private ObjectNode scopeSpans() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode spans = n.putArray("spans");
        while (more()) {
            int key = key();
            if (key >>> 3 == 2) {
                spans.add(sub(key).span());
            } else {
                skip(key);
            }
        }
        return n;
    }

    private ObjectNode span() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode attrs = JSON.arrayNode();
        ArrayNode events = JSON.arrayNode();
        ArrayNode links = JSON.arrayNode();
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 1 -> n.put("trace_id", base64(bytes(key)));
                case 2 -> n.put("span_id", base64(bytes(key)));
                case 3 -> n.put("trace_state", string(key));
                case 4 -> {
                    byte[] parent = bytes(key);
                    if (parent.length > 0) n.put("parent_span_id", base64(parent));
                }
                case 5 -> n.put("name", string(key));
                case 6 -> n.put("kind", name(SPAN_KINDS, (int) varint(key)));
                case 7 -> n.put("start_time_unix_nano", fixed64(key));
                case 8 -> n.put("end_time_unix_nano", fixed64(key));
                case 9 -> attrs.add(sub(key).keyValue(0));
                case 11 -> events.add(sub(key).event());
                case 13 -> links.add(sub(key).link());
                case 15 -> n.set("status", sub(key).status());
                default -> skip(key);
            }
        }
        if (!attrs.isEmpty()) n.set("attributes", attrs);
        if (!events.isEmpty()) n.set("events", events);
        if (!links.isEmpty()) n.set("links", links);
        return n;
    }

    private ObjectNode event() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode attrs = JSON.arrayNode();
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 1 -> n.put("time_unix_nano", fixed64(key));
                case 2 -> n.put("name", string(key));
                case 3 -> attrs.add(sub(key).keyValue(0));
                default -> skip(key);
            }
        }
        if (!attrs.isEmpty()) n.set("attributes", attrs);
        return n;
    }

    private ObjectNode link() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode attrs = JSON.arrayNode();
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 1 -> n.put("trace_id", base64(bytes(key)));
                case 2 -> n.put("span_id", base64(bytes(key)));
                case 3 -> n.put("trace_state", string(key));
                case 4 -> attrs.add(sub(key).keyValue(0));
                default -> skip(key);
            }
        }
        if (!attrs.isEmpty()) n.set("attributes", attrs);
        return n;
    }

    private ObjectNode status() throws DecodeException {
        ObjectNode n = JSON.objectNode();
        n.put("code", STATUS_CODES[0]);
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 2 -> n.put("message", string(key));
                case 3 -> n.put("code", name(STATUS_CODES, (int) varint(key)));
                default -> skip(key);
            }
        }
        return n;
    }

    private ObjectNode keyValue(int depth) throws DecodeException {
        ObjectNode n = JSON.objectNode();
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 1 -> n.put("key", string(key));
                case 2 -> n.set("value", sub(key).anyValue(depth + 1));
                default -> skip(key);
            }
        }
        return n;
    }

    private ObjectNode anyValue(int depth) throws DecodeException {
        if (depth > MAX_DEPTH) {
            throw new DecodeException("attribute values nested deeper than " + MAX_DEPTH);
        }
        ObjectNode n = JSON.objectNode();
        while (more()) {
            int key = key();
            switch (key >>> 3) {
                case 1 -> n.put("string_value", string(key));
                case 2 -> n.put("bool_value", varint(key) != 0);
                case 3 -> n.put("int_value", varint(key));
                case 4 -> n.put("double_value", Double.longBitsToDouble(fixed64(key)));
                case 5 -> n.set("array_value", sub(key).values(depth, false));
                case 6 -> n.set("kvlist_value", sub(key).values(depth, true));
                case 7 -> n.put("bytes_value", base64(bytes(key)));
                default -> skip(key);
            }
        }
        return n;
    }

    /** ArrayValue (AnyValues) or KeyValueList (KeyValues): both are field 1 repeated. */
    private ObjectNode values(int depth, boolean keyValues) throws DecodeException {
        ObjectNode n = JSON.objectNode();
        ArrayNode values = n.putArray("values");
        while (more()) {
            int key = key();
            if (key >>> 3 == 1) {
                OtlpProtobuf s = sub(key);
                values.add(keyValues ? s.keyValue(depth + 1) : s.anyValue(depth + 1));
            } else {
                skip(key);
            }
        }
        return n;
    }

    // --- wire format --------------------------------------------------------------------------

    private boolean more() {
        return pos < end;
    }

    private int key() throws DecodeException {
        long k = rawVarint();
        if (k >>> 3 == 0 || k > Integer.MAX_VALUE) {
            throw new DecodeException("invalid field key at byte " + pos);
        }
        return (int) k;
    }

    private long rawVarint() throws DecodeException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) throw new DecodeException("truncated varint");
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) return v;
        }
        throw new DecodeException("varint longer than 10 bytes");
    }

    private long varint(int key) throws DecodeException {
        expect(key, 0);
        return rawVarint();
    }

    private long fixed64(int key) throws DecodeException {
        expect(key, 1);
        if (end - pos < 8) throw new DecodeException("truncated fixed64");
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += 8;
        return v;
    }

    private OtlpProtobuf sub(int key) throws DecodeException {
        expect(key, 2);
        return sub();
    }

    private OtlpProtobuf sub() throws DecodeException {
        int len = length();
        OtlpProtobuf s = new OtlpProtobuf(buf, pos, pos + len);
        pos += len;
        return s;
    }

    private int length() throws DecodeException {
        long len = rawVarint();
        if (len < 0 || len > end - pos) throw new DecodeException("length-delimited field runs past its message");
        return (int) len;
    }

    private byte[] bytes(int key) throws DecodeException {
        expect(key, 2);
        int len = length();
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    private String string(int key) throws DecodeException {
        expect(key, 2);
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private void skip(int key) throws DecodeException {
        switch (key & 7) {
            case 0 -> rawVarint();
            case 1 -> advance(8);
            case 2 -> advance(length());
            case 5 -> advance(4);
            default -> throw new DecodeException("unsupported wire type " + (key & 7));
        }
    }

    private void advance(int n) throws DecodeException {
        if (end - pos < n) throw new DecodeException("truncated field");
        pos += n;
    }

    private static void expect(int key, int wireType) throws DecodeException {
        if ((key & 7) != wireType) {
            throw new DecodeException("field " + (key >>> 3) + " has wire type " + (key & 7) + ", expected " + wireType);
        }
    }

    private static String name(String[] names, int n) {
        return n >= 0 && n < names.length ? names[n] : Integer.toString(n);
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
