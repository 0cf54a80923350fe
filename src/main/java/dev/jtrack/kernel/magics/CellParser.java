package dev.jtrack.kernel.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java code and magics: a cell magic when the first line starts with
 * {@code %%}; otherwise line magics on lines of their own (starting with {@code %}) and the Java
 * between them, in order.
 */
public final class CellParser {
    private CellParser() {}

    /** One piece of a cell. */
    public sealed interface Part permits JavaPart, LineMagicPart, CellMagicPart {}

    /**
     * Java source.
     *
     * @param code the source
     * @param firstLine the 1-based line of the cell where it starts
     */
    public record JavaPart(String code, int firstLine) implements Part {}

    /** A {@code %name args} line at the 1-based {@code line}. */
    public record LineMagicPart(String name, String args, int line) implements Part {}

    /** A {@code %%name args} header with the rest of the cell as its body. */
    public record CellMagicPart(String name, String args, String body) implements Part {}

    /** Splits {@code cell}. */
    public static List<Part> parse(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        if (lines.length > 0 && lines[0].stripLeading().startsWith("%%")) {
            String header = lines[0].stripLeading().substring(2);
            String[] nameAndArgs = splitName(header);
            int newline = cell.indexOf('\n');
            parts.add(new CellMagicPart(nameAndArgs[0], nameAndArgs[1], newline < 0 ? "" : cell.substring(newline + 1)));
            return parts;
        }
        StringBuilder java = new StringBuilder();
        int javaStart = 1;
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].strip();
            if (isLineMagic(trimmed)) {
                if (!java.toString().isBlank()) {
                    parts.add(new JavaPart(java.toString(), javaStart));
                }
                java.setLength(0);
                String[] nameAndArgs = splitName(trimmed.substring(1));
                parts.add(new LineMagicPart(nameAndArgs[0], nameAndArgs[1], i + 1));
                javaStart = i + 2;
            } else {
                if (java.length() > 0) {
                    java.append('\n');
                }
                java.append(lines[i]);
            }
        }
        if (!java.toString().isBlank()) {
            parts.add(new JavaPart(java.toString(), javaStart));
        }
        return parts;
    }

    /** True for a line that is a line magic ({@code %name}), not Java. */
    public static boolean isLineMagic(String trimmedLine) {
        return trimmedLine.length() > 1 && trimmedLine.charAt(0) == '%'
                && trimmedLine.charAt(1) != '%' && Character.isJavaIdentifierStart(trimmedLine.charAt(1));
    }

    private static String[] splitName(String text) {
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return new String[] {text.substring(0, end), text.substring(end).strip()};
    }
}
