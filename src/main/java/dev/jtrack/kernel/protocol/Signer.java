package dev.jtrack.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies messages with HMAC-SHA256 over header, parent header, metadata and content,
 * hex-encoded as Jupyter expects. An empty key disables signing (the signature is then empty).
 * Thread-safe: each thread gets its own {@link Mac}.
 */
public final class Signer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** A signer for {@code key}; an empty key signs nothing. */
    public Signer(String key) {
        this.key = key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** True when messages are signed. */
    public boolean enabled() {
        return key != null;
    }

    /** The hex signature of the parts, or the empty string when signing is disabled. */
    public String sign(byte[]... parts) {
        if (key == null) {
            return "";
        }
        Mac mac = macs.get();
        for (byte[] part : parts) {
            mac.update(part);
        }
        byte[] digest = mac.doFinal();
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    /** Whether {@code signature} matches the parts, compared in constant time. */
    public boolean verify(byte[] signature, byte[]... parts) {
        if (key == null) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
