package dev.jtrack.kernel.magics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The line and cell magics a kernel knows, by name. */
public final class MagicRegistry {
    private final Map<String, LineMagic> lineMagics = new ConcurrentHashMap<>();
    private final Map<String, CellMagic> cellMagics = new ConcurrentHashMap<>();

    /** Registers (or replaces) a line magic. */
    public void registerLine(String name, LineMagic magic) {
        lineMagics.put(name, magic);
    }

    /** Registers (or replaces) a cell magic. */
    public void registerCell(String name, CellMagic magic) {
        cellMagics.put(name, magic);
    }

    /** The line magic {@code name}, or {@code null}. */
    public LineMagic line(String name) {
        return lineMagics.get(name);
    }

    /** The cell magic {@code name}, or {@code null}. */
    public CellMagic cell(String name) {
        return cellMagics.get(name);
    }

    /** Sorted names of the line magics. */
    public Set<String> lineNames() {
        return new TreeSet<>(lineMagics.keySet());
    }

    /** Sorted names of the cell magics. */
    public Set<String> cellNames() {
        return new TreeSet<>(cellMagics.keySet());
    }

    /** An error message for an unknown magic, naming the closest known ones ({@code %x} or {@code %%x}). */
    public String unknownMessage(String name, boolean cell) {
        String prefix = cell ? "%%" : "%";
        List<String> known = new ArrayList<>();
        lineNames().forEach(n -> known.add("%" + n));
        cellNames().forEach(n -> known.add("%%" + n));
        String wanted = prefix + name;
        int best = known.stream().mapToInt(k -> distance(wanted, k)).min().orElse(Integer.MAX_VALUE);
        List<String> closest = known.stream()
                .filter(k -> distance(wanted, k) == best && best <= Math.max(2, wanted.length() / 2))
                .sorted(Comparator.naturalOrder())
                .toList();
        String message = "Unknown " + (cell ? "cell" : "line") + " magic " + wanted;
        if (!closest.isEmpty()) {
            message += "; did you mean " + String.join(" or ", closest) + "?";
        }
        return message + " (%lsmagic lists them all)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
