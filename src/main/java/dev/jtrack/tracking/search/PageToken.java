package dev.jtrack.tracking.search;

import dev.jtrack.tracking.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opaque page tokens as MLflow makes them: base64 of {@code {"offset": N}}. Tokens from MLflow
 * servers therefore work here and vice versa.
 */
public final class PageToken {

    private static final Pattern OFFSET = Pattern.compile("^\\s*\\{\\s*\"offset\"\\s*:\\s*(\\d{1,12})\\s*}\\s*$");

    private PageToken() {}

    /** The token for the page starting at {@code offset}. */
    public static String encode(long offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; 0 for null/empty; INVALID_PARAMETER_VALUE if malformed. */
    public static long decode(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        String json;
        try {
            json = new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalidParameter("Invalid page token, could not base64-decode");
        }
        Matcher m = OFFSET.matcher(json);
        if (!m.matches()) {
            throw MlflowException.invalidParameter("Invalid page token, decoded value=%s", abbreviate(json));
        }
        return Long.parseLong(m.group(1));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Checks {@code maxResults} is within 1..{@code threshold}; returns it. */
    public static int checkMaxResults(int maxResults, int threshold) {
        if (maxResults < 1 || maxResults > threshold) {
            throw MlflowException.invalidParameter(
                    "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer"
                            + " and at most %d", maxResults, threshold);
        }
        return maxResults;
    }
}
