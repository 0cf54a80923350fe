package dev.jtrack.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password and token hashes used in auth files.
 *
 * <ul>
 *   <li>{@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}: PBKDF2 with HMAC-SHA256,
 *       256-bit output; for passwords.
 *   <li>{@code sha256$<hex>}: plain SHA-256 of the secret; for long random bearer tokens.
 * </ul>
 */
public final class PasswordHash {
    /** Iterations used by {@link #hashPassword}. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** A new salted PBKDF2 hash of a password. */
    public static String hashPassword(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, DEFAULT_ITERATIONS);
        return "pbkdf2-sha256$" + DEFAULT_ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }

    /** The {@code sha256$<hex>} form of a token. */
    public static String hashToken(String token) {
        return "sha256$" + HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Whether {@code secret} matches {@code encoded} (either form).
     *
     * @throws IllegalArgumentException if {@code encoded} is not a recognised hash
     */
    public static boolean verify(String secret, String encoded) {
        String[] parts = encoded.split("\\$");
        byte[] expected;
        byte[] actual;
        if (parts.length == 4 && parts[0].equals("pbkdf2-sha256")) {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1) throw new IllegalArgumentException("iterations must be positive");
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
            actual = pbkdf2(secret.toCharArray(), salt, iterations);
        } else if (parts.length == 2 && parts[0].equals("sha256")) {
            expected = HexFormat.of().parseHex(parts[1]);
            actual = sha256(secret.getBytes(StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException("unknown hash format (expected pbkdf2-sha256$... or sha256$...)");
        }
        return MessageDigest.isEqual(expected, actual);
    }

    /** Checks that {@code encoded} is a well-formed hash. */
    static void checkFormat(String encoded) {
        verify("", encoded.startsWith("pbkdf2-sha256$") ? withOneIteration(encoded) : encoded);
    }

    private static String withOneIteration(String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4) throw new IllegalArgumentException("expected pbkdf2-sha256$<iterations>$<salt>$<hash>");
        Integer.parseInt(parts[1]);
        return parts[0] + "$1$" + parts[2] + "$" + parts[3];
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }
}
