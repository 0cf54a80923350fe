package dev.jtrack.kernel.magics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A magic's arguments, parsed one way for every magic family: words split at spaces, where
 * "double" or 'single' quotes keep spaces in one word. {@link #split} and {@link #keyAndRest} give
 * the words; an instance also reads {@code --name value} options and {@code --flag}s, and keeps
 * the positional words as written ({@link #rest(int)}), because they may form an MLflow filter,
 * whose string literals are quoted; option values lose their quotes.
 */
public final class MagicArgs {
    private final Map<String, List<String>> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> positionalRaw = new ArrayList<>();

    /**
     * Parses {@code line}.
     *
     * @param valued options that take a value
     * @param flagNames options that take none
     */
    public MagicArgs(String line, Set<String> valued, Set<String> flagNames) {
        List<String[]> tokens = tokens(line);
        for (int i = 0; i < tokens.size(); i++) {
            String raw = tokens.get(i)[0];
            String text = tokens.get(i)[1];
            if (raw.startsWith("--")) {
                String name = raw.substring(2);
                String inline = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    inline = text.substring(text.indexOf('=') + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (inline == null) {
                        if (i + 1 >= tokens.size()) {
                            throw new IllegalArgumentException("--" + name + " needs a value");
                        }
                        inline = tokens.get(++i)[1];
                    }
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(inline);
                } else if (flagNames.contains(name) && inline == null) {
                    flags.add(name);
                } else {
                    throw new IllegalArgumentException("unknown option --" + name + "; known: "
                            + join(valued, "--", " VALUE") + join(flagNames, "--", ""));
                }
            } else {
                positional.add(text);
                positionalRaw.add(raw);
            }
        }
    }

    private static String join(Set<String> names, String prefix, String suffix) {
        StringBuilder out = new StringBuilder();
        names.stream().sorted().forEach(n -> out.append(prefix).append(n).append(suffix).append(' '));
        return out.toString();
    }

    /** [raw text with quotes, text without quotes] of each word. */
    private static List<String[]> tokens(String line) {
        List<String[]> out = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        StringBuilder text = new StringBuilder();
        boolean in = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                raw.append(c);
                if (c == quote) {
                    quote = 0;
                } else {
                    text.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                in = true;
                raw.append(c);
            } else if (Character.isWhitespace(c)) {
                if (in) {
                    out.add(new String[] {raw.toString(), text.toString()});
                    raw.setLength(0);
                    text.setLength(0);
                    in = false;
                }
            } else {
                raw.append(c);
                text.append(c);
                in = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in: " + line);
        }
        if (in) {
            out.add(new String[] {raw.toString(), text.toString()});
        }
        return out;
    }

    /** The words of {@code line} without their quotes, in a list the caller may change. */
    public static List<String> split(String line) {
        return tokens(line).stream().map(token -> token[1]).collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * The first word and the rest of the line (for {@code %log_param key value with spaces}).
     * The rest is unquoted when it is one quoted word.
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

    /** The positional words without quotes. */
    public List<String> positional() {
        return positional;
    }

    /**
     * The positional words from index {@code from} as written (quotes kept), joined by spaces; one
     * word quoted as a whole ({@code "metrics.a > 1"}) is unquoted. Null when there are none.
     */
    public String rest(int from) {
        if (positionalRaw.size() <= from) {
            return null;
        }
        List<String> words = positionalRaw.subList(from, positionalRaw.size());
        if (words.size() == 1) {
            String w = words.get(0);
            if (w.length() >= 2 && (w.charAt(0) == '"' || w.charAt(0) == '\'') && w.charAt(w.length() - 1) == w.charAt(0)
                    && w.indexOf(w.charAt(0), 1) == w.length() - 1) {
                return w.substring(1, w.length() - 1);
            }
        }
        return String.join(" ", words);
    }

    /** The values given for {@code --name}, in order. */
    public List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    /** The last value given for {@code --name}, or null. */
    public String value(String name) {
        List<String> v = all(name);
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** The value of {@code --name} as a positive int, or {@code fallback}. */
    public int positiveInt(String name, int fallback) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a positive whole number, got '" + v + "'");
        }
    }

    /** Comma- or space-separated values of every {@code --name}. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String v : all(name)) {
            for (String part : v.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part);
                }
            }
        }
        return out;
    }

    /** Whether {@code --name} was given. */
    public boolean flag(String name) {
        return flags.contains(name);
    }
}
