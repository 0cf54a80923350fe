package dev.jtrack.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAndBearer() {
        Authenticator a = Authenticator.parse(List.of(
                "# comment",
                "user alice write " + PasswordHash.hashPassword("s3cret".toCharArray()),
                "user bob read " + PasswordHash.hashPassword("pw".toCharArray()),
                "token ci read " + PasswordHash.hashToken("tok-123")));
        assertEquals(Role.WRITE, a.authenticate(basic("alice", "s3cret")));
        assertEquals(Role.WRITE, a.authenticate(basic("alice", "s3cret"))); // cached path
        assertEquals(Role.READ, a.authenticate(basic("bob", "pw")));
        assertNull(a.authenticate(basic("alice", "wrong")));
        assertNull(a.authenticate(basic("carol", "s3cret")));
        assertEquals(Role.READ, a.authenticate("Bearer tok-123"));
        assertNull(a.authenticate("Bearer tok-124"));
        assertNull(a.authenticate(null));
        assertNull(a.authenticate("Basic !!!notbase64"));
        assertNull(a.authenticate("Digest x"));
        assertTrue(Role.WRITE.allows(Role.WRITE));
        assertTrue(!Role.READ.allows(Role.WRITE));
    }

    @Test
    void malformedFilesNameTheLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Authenticator.parse(List.of("", "user alice admin sha256$00")));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Authenticator.parse(List.of("user alice read plain")));
        assertThrows(IllegalArgumentException.class, () -> Authenticator.parse(List.of("group x read sha256$00")));
    }
}
