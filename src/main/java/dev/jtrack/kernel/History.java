package dev.jtrack.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The input history behind history_request, kept in memory and appended to a small JSON-lines file
 * per kernel name, so each kernel process gets the next session number and earlier sessions stay
 * searchable. Line numbers are execution counts. Thread-safe.
 */
public final class History {
    /** How many entries are loaded from earlier sessions. */
    static final int MAX_LOADED = 10_000;

    /** One executed cell. */
    public record Entry(int session, int line, String input, String output) {}

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private final int session;

    /** Loads {@code file} (may be missing or {@code null} for memory only) and starts a new session. */
    public History(Path file) {
        this.file = file;
        int last = 0;
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode node = parse(line);
                    if (node == null || !node.has("s")) {
                        continue;
                    }
                    last = Math.max(last, node.get("s").asInt());
                    if (node.has("n")) {
                        entries.add(new Entry(node.get("s").asInt(), node.get("n").asInt(),
                                node.path("in").asText(""), node.hasNonNull("out") ? node.get("out").asText() : null));
                    }
                }
            } catch (IOException e) {
                KernelLog.warn("cannot read history " + file + ": " + e.getMessage());
            }
            if (entries.size() > MAX_LOADED) {
                entries.subList(0, entries.size() - MAX_LOADED).clear();
            }
        }
        session = last + 1;
        ObjectNode marker = json.createObjectNode().put("s", session);
        append(marker);
    }

    private JsonNode parse(String line) {
        try {
            return line.isBlank() ? null : json.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }

    /** This process's session number. */
    public int session() {
        return session;
    }

    /** Records an executed cell of this session. */
    public void add(int line, String input, String output) {
        synchronized (entries) {
            entries.add(new Entry(session, line, input, output));
        }
        ObjectNode node = json.createObjectNode().put("s", session).put("n", line).put("in", input);
        if (output != null) {
            node.put("out", output);
        }
        append(node);
    }

    private void append(ObjectNode node) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, node.toString() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            KernelLog.warn("cannot write history " + file + ": " + e.getMessage());
        }
    }

    private List<Entry> snapshot() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    /** The last {@code n} entries over all sessions. */
    public List<Entry> tail(int n) {
        List<Entry> all = snapshot();
        return new ArrayList<>(all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size()));
    }

    /**
     * Entries of one session with {@code start <= line < stop} ({@code stop <= 0}: to the end).
     * {@code session} 0 is this session, a negative number counts back from it.
     */
    public List<Entry> range(int session, int start, int stop) {
        int wanted = session <= 0 ? this.session + session : session;
        List<Entry> out = new ArrayList<>();
        for (Entry e : snapshot()) {
            if (e.session == wanted && e.line >= start && (stop <= 0 || e.line < stop)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Entries whose input matches the glob {@code pattern} ({@code *}, {@code ?}, {@code [...]}),
     * oldest first; with {@code unique} only the latest of equal inputs; at most the last {@code n}
     * ({@code n <= 0}: all).
     */
    public List<Entry> search(String pattern, boolean unique, int n) {
        Pattern regex = globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern);
        List<Entry> matches = new ArrayList<>();
        for (Entry e : snapshot()) {
            if (regex.matcher(e.input).matches()) {
                matches.add(e);
            }
        }
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matches) {
                latest.remove(e.input);
                latest.put(e.input, e);
            }
            matches = new ArrayList<>(latest.values());
        }
        if (n > 0 && matches.size() > n) {
            matches = new ArrayList<>(matches.subList(matches.size() - n, matches.size()));
        }
        return matches;
    }

    /** SQLite GLOB semantics, as IPython's history search uses. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        if (set.startsWith("^")) {
                            set = "^" + set.substring(1).replace("\\", "\\\\").replace("[", "\\[");
                        } else {
                            set = set.replace("\\", "\\\\").replace("[", "\\[");
                        }
                        regex.append('[').append(set).append(']');
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
