package dev.jtrack.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks HTTP {@code Authorization} headers (Basic and Bearer) against an auth file.
 *
 * <p>The file has one entry per line; blank lines and lines starting with {@code #} are ignored:
 * <pre>
 * user  NAME  read|write  pbkdf2-sha256$ITERATIONS$SALT_BASE64$HASH_BASE64
 * token NAME  read|write  sha256$HEX_OF_SHA256_OF_TOKEN
 * </pre>
 * Hashes are made with {@code jtrack server --hash-password} / {@code --hash-token} (see
 * {@link PasswordHash}). Because PBKDF2 is deliberately slow, a successful Basic login is
 * remembered (as a SHA-256 digest of the header, never the password) for the server's lifetime.
 */
public final class Authenticator {
    private record User(String name, Role role, String hash) {}

    private final Map<String, User> users;
    private final Map<String, Role> tokensByDigest;
    private final Map<String, Role> verifiedBasic = new ConcurrentHashMap<>();

    private Authenticator(Map<String, User> users, Map<String, Role> tokensByDigest) {
        this.users = users;
        this.tokensByDigest = tokensByDigest;
    }

    /**
     * Reads an auth file.
     *
     * @throws IllegalArgumentException naming the line of a malformed entry
     */
    public static Authenticator fromFile(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Parses the lines of an auth file. */
    public static Authenticator parse(List<String> lines) {
        Map<String, User> users = new HashMap<>();
        Map<String, Role> tokens = new HashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException("auth file line " + n + ": expected 4 fields: user|token NAME read|write HASH");
            }
            Role role;
            try {
                role = Role.valueOf(f[2].toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auth file line " + n + ": role must be read or write, not " + f[2]);
            }
            try {
                PasswordHash.checkFormat(f[3]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("auth file line " + n + ": bad hash: " + e.getMessage());
            }
            switch (f[0]) {
                case "user" -> {
                    if (users.put(f[1], new User(f[1], role, f[3])) != null) {
                        throw new IllegalArgumentException("auth file line " + n + ": duplicate user " + f[1]);
                    }
                }
                case "token" -> {
                    if (!f[3].startsWith("sha256$")) {
                        throw new IllegalArgumentException("auth file line " + n + ": token hashes must be sha256$HEX");
                    }
                    tokens.put(f[3].substring("sha256$".length()).toLowerCase(), role);
                }
                default -> throw new IllegalArgumentException(
                        "auth file line " + n + ": first field must be user or token, not " + f[0]);
            }
        }
        return new Authenticator(users, tokens);
    }

    /**
     * The role the credentials in an {@code Authorization} header grant, or null if the header is
     * missing, malformed or the credentials are wrong.
     */
    public Role authenticate(String authorization) {
        if (authorization == null) return null;
        int space = authorization.indexOf(' ');
        if (space < 0) return null;
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            String digest = HexFormat.of().formatHex(PasswordHash.sha256(value.getBytes(StandardCharsets.UTF_8)));
            return tokensByDigest.get(digest);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        return null;
    }

    private Role basic(String value) {
        String cacheKey = HexFormat.of().formatHex(PasswordHash.sha256(value.getBytes(StandardCharsets.UTF_8)));
        Role cached = verifiedBasic.get(cacheKey);
        if (cached != null) return cached;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return null;
        User user = users.get(decoded.substring(0, colon));
        if (user == null || !PasswordHash.verify(decoded.substring(colon + 1), user.hash())) return null;
        verifiedBasic.put(cacheKey, user.role());
        return user.role();
    }
}
