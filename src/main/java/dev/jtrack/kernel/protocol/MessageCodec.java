package dev.jtrack.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Converts messages to and from the Jupyter wire format:
 * {@code [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]}.
 * Every decoded message has its signature checked.
 */
public final class MessageCodec {
    /** The frame separating routing identities from the message. */
    public static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper json;
    private final Signer signer;

    /** A codec signing with {@code signer}. */
    public MessageCodec(ObjectMapper json, Signer signer) {
        this.json = json;
        this.signer = signer;
    }

    /** The wire frames of {@code message}, signed. */
    public List<byte[]> encode(Message message) {
        try {
            byte[] header = json.writeValueAsBytes(message.header());
            byte[] parent = json.writeValueAsBytes(message.parentHeader());
            byte[] metadata = json.writeValueAsBytes(message.metadata());
            byte[] content = json.writeValueAsBytes(message.content());
            List<byte[]> frames = new ArrayList<>(message.identities().size() + 6 + message.buffers().size());
            frames.addAll(message.identities());
            frames.add(DELIMITER);
            frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
            frames.add(header);
            frames.add(parent);
            frames.add(metadata);
            frames.add(content);
            frames.addAll(message.buffers());
            return frames;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and verifies received frames.
     *
     * @throws InvalidMessageException when the frames are malformed or the signature is wrong
     */
    public Message decode(List<byte[]> frames) throws InvalidMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new InvalidMessageException("no <IDS|MSG> delimiter");
        }
        if (frames.size() < delimiter + 6) {
            throw new InvalidMessageException("too few frames (" + frames.size() + ")");
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            throw new InvalidMessageException("wrong signature");
        }
        Map<String, Object> headerMap = object(header, "header");
        if (!(headerMap.get("msg_type") instanceof String) || !(headerMap.get("msg_id") instanceof String)) {
            throw new InvalidMessageException("header without msg_type or msg_id");
        }
        return new Message(
                List.copyOf(frames.subList(0, delimiter)),
                headerMap,
                object(parent, "parent_header"),
                object(metadata, "metadata"),
                object(content, "content"),
                List.copyOf(frames.subList(delimiter + 6, frames.size())));
    }

    private Map<String, Object> object(byte[] bytes, String what) throws InvalidMessageException {
        try {
            Map<String, Object> map = json.readValue(bytes, MAP);
            if (map == null) {
                throw new InvalidMessageException(what + " is not a JSON object");
            }
            return map;
        } catch (IOException e) {
            throw new InvalidMessageException(what + " is not a JSON object");
        }
    }
}
