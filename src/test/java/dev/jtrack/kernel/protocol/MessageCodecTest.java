package dev.jtrack.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final ObjectMapper json = new ObjectMapper();
    private final MessageCodec codec = new MessageCodec(json, new Signer("secret"));
    private final MessageFactory factory = new MessageFactory("tester");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripKeepsIdentitiesContentAndBuffers() throws Exception {
        Message sent = new Message(List.of(b("client-1"), b("client-2")), factory.header("execute_request"),
                Map.of(), Map.of("cellId", "abc"), Map.of("code", "1 + 1", "silent", false), List.of(b("buf")));
        List<byte[]> frames = codec.encode(sent);
        assertArrayEquals(MessageCodec.DELIMITER, frames.get(2));
        Message received = codec.decode(frames);
        assertEquals(2, received.identities().size());
        assertArrayEquals(b("client-2"), received.identities().get(1));
        assertEquals("execute_request", received.type());
        assertEquals("1 + 1", received.string("code", null));
        assertEquals(false, received.bool("silent", true));
        assertEquals("abc", received.metadata().get("cellId"));
        assertArrayEquals(b("buf"), received.buffers().get(0));
    }

    @Test
    void signatureIsHmacSha256OfTheFourParts() {
        // the same computation jupyter_client's Session.sign does: hmac(key, header+parent+metadata+content)
        Signer signer = new Signer("key");
        String sig = signer.sign(b("{}"), b("{}"), b("{}"), b("{}"));
        assertEquals(64, sig.length());
        assertEquals(signer.sign(b("{}{}{}{}")), sig);
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                new Signer("key").sign(b("The quick brown fox jumps over the lazy dog")), "RFC-style known vector");
    }

    @Test
    void wrongSignatureIsRejected() {
        List<byte[]> frames = new ArrayList<>(codec.encode(new Message(List.of(b("id")),
                factory.header("execute_request"), Map.of(), Map.of(), Map.of("code", "x"), List.of())));
        frames.set(2, b("0".repeat(64)));
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
        assertTrue(e.getMessage().contains("signature"));
    }

    @Test
    void tamperedContentIsRejected() {
        List<byte[]> frames = new ArrayList<>(codec.encode(new Message(List.of(),
                factory.header("execute_request"), Map.of(), Map.of(), Map.of("code", "x"), List.of())));
        frames.set(5, b("{\"code\": \"System.exit(0)\"}"));
        assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void messageSignedWithAnotherKeyIsRejected() {
        MessageCodec other = new MessageCodec(json, new Signer("other"));
        List<byte[]> frames = other.encode(new Message(List.of(), factory.header("kernel_info_request"),
                Map.of(), Map.of(), Map.of(), List.of()));
        assertThrows(InvalidMessageException.class, () -> codec.decode(frames));
    }

    @Test
    void malformedFramesAreRejected() {
        assertThrows(InvalidMessageException.class, () -> codec.decode(List.of(b("no delimiter"))));
        assertThrows(InvalidMessageException.class, () -> codec.decode(List.of(MessageCodec.DELIMITER, b("sig"))));
        MessageCodec unsigned = new MessageCodec(json, new Signer(""));
        assertThrows(InvalidMessageException.class, () -> unsigned.decode(List.of(MessageCodec.DELIMITER, b(""),
                b("[1]"), b("{}"), b("{}"), b("{}"))));
        assertThrows(InvalidMessageException.class, () -> unsigned.decode(List.of(MessageCodec.DELIMITER, b(""),
                b("{\"msg_id\": \"1\"}"), b("{}"), b("{}"), b("{}"))));
    }

    @Test
    void emptyKeyMeansUnsigned() throws Exception {
        MessageCodec unsigned = new MessageCodec(json, new Signer(""));
        List<byte[]> frames = unsigned.encode(new Message(List.of(), factory.header("kernel_info_request"),
                Map.of(), Map.of(), Map.of(), List.of()));
        assertEquals(0, frames.get(1).length);
        assertEquals("kernel_info_request", unsigned.decode(frames).type());
    }

    @Test
    void headersCarryProtocolVersionUuidAndZonedDate() {
        Map<String, Object> header = factory.header("status");
        assertEquals("5.3", header.get("version"));
        assertEquals(factory.session(), header.get("session"));
        assertEquals("tester", header.get("username"));
        assertTrue(header.get("msg_id").toString().matches("[0-9a-f-]{36}"), header.toString());
        String date = header.get("date").toString();
        assertTrue(date.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)"), date);
    }
}
