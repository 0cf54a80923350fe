package dev.jtrack.autolog.magics;

import java.util.ArrayList;
import java.util.List;

/** Splits a magic's arguments at spaces; "double" or 'single' quotes keep spaces in one argument. */
public final class Args {
    private Args() {}

    /** The arguments of {@code line}. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    out.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in: " + line);
        }
        if (inToken) {
            out.add(current.toString());
        }
        return out;
    }

    /**
     * The first argument and the rest of the line (for {@code %log_param key value with spaces}).
     * The rest is unquoted when it is one quoted argument.
     */
    public static String[] keyAndRest(String line) {
        String trimmed = line.strip();
        List<String> parts = split(trimmed);
        if (parts.isEmpty()) {
            return new String[] {"", ""};
        }
        String key = parts.get(0);
        String rest = parts.size() == 2 ? parts.get(1) : restAfterFirst(trimmed);
        return new String[] {key, rest};
    }

    private static String restAfterFirst(String trimmed) {
        int i = 0;
        char quote = 0;
        while (i < trimmed.length()) {
            char c = trimmed.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                break;
            }
            i++;
        }
        return trimmed.substring(i).strip();
    }
}
