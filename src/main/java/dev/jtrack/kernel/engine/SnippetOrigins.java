package dev.jtrack.kernel.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers where each JShell snippet came from, to point errors at the user's cell and line. */
final class SnippetOrigins {
    /**
     * @param executionCount the cell's execution count
     * @param firstLine the 1-based line of the cell where the snippet starts
     * @param source the snippet's source
     */
    record Origin(int executionCount, int firstLine, String source) {
        /** The cell line of the 1-based snippet line. */
        int cellLine(int snippetLine) {
            return firstLine + snippetLine - 1;
        }

        /** The text of the 1-based snippet line, or empty. */
        String line(int snippetLine) {
            String[] lines = source.split("\n", -1);
            return snippetLine >= 1 && snippetLine <= lines.length ? lines[snippetLine - 1] : "";
        }
    }

    private final Map<String, Origin> byId = new ConcurrentHashMap<>();

    void put(String snippetId, Origin origin) {
        byId.put(snippetId, origin);
    }

    Origin get(String snippetId) {
        return byId.get(snippetId);
    }
}
