package dev.jtrack.kernel.protocol;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds headers for the messages the kernel sends: fresh UUID msg_ids, one session id, 5.3. */
public final class MessageFactory {
    /** The protocol version we speak. */
    public static final String PROTOCOL_VERSION = "5.3";
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    private final String session = UUID.randomUUID().toString();
    private final String username;

    /** A factory whose messages carry {@code username}. */
    public MessageFactory(String username) {
        this.username = username;
    }

    /** This kernel's session id. */
    public String session() {
        return session;
    }

    /** A new header of {@code type} dated now, in UTC with an explicit offset. */
    public Map<String, Object> header(String type) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("msg_id", UUID.randomUUID().toString());
        header.put("session", session);
        header.put("username", username);
        header.put("date", ISO.format(OffsetDateTime.now(ZoneOffset.UTC)));
        header.put("msg_type", type);
        header.put("version", PROTOCOL_VERSION);
        return header;
    }

    /** A reply to {@code request}: routed to the same identities, with the request as parent. */
    public Message reply(Message request, String type, Map<String, Object> content) {
        return new Message(request.identities(), header(type), request.header(), new LinkedHashMap<>(), content, List.of());
    }

    /** An IOPub or stdin message with {@code parent} as its parent header (may be empty). */
    public Message message(List<byte[]> identities, Map<String, Object> parent, String type, Map<String, Object> content) {
        return new Message(identities, header(type), parent, new LinkedHashMap<>(), content, List.of());
    }
}
