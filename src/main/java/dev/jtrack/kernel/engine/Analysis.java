package dev.jtrack.kernel.engine;

import dev.jtrack.kernel.magics.CellParser;
import dev.jtrack.kernel.magics.MagicRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * Completion, inspection and is_complete over JShell's source analysis. Works on the snippet of
 * the cell that holds the cursor; magic lines are blanked out of the Java and completed by name.
 */
final class Analysis {
    /** A declared name: after a type (word, generics, arrays), before = ; : , or ). */
    private static final java.util.regex.Pattern LOCAL_DECLARATION = java.util.regex.Pattern.compile(
            "[\\w$>\\]]\\s+([A-Za-z_$][\\w$]*)\\s*(?:=|;|:|,|\\))");
    private static final Set<String> KEYWORDS = Set.of("return", "new", "throw", "else", "case", "instanceof");

    private final JShell jshell;
    private final MagicRegistry magics;
    private final SyntaxChecker syntax = new SyntaxChecker();

    Analysis(JShell jshell, MagicRegistry magics) {
        this.jshell = jshell;
        this.magics = magics;
    }

    void warmUp() {
        syntax.isValid("int x = 1;");
    }

    CompletionResult complete(String code, int cursor) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String linePrefix = code.substring(lineStart, cursor);
        if (linePrefix.stripLeading().startsWith("%")) {
            return completeMagic(linePrefix, lineStart, cursor);
        }
        String java = blankMagicLines(code);
        int start = snippetStart(java, cursor);
        int end = snippetEnd(java, start, cursor);
        // Earlier statements of the cell are not evaluated yet: put them in a block before the
        // snippet so that the variables they declare complete too.
        String context = blockOfEarlierStatements(java.substring(0, start));
        String input = context + java.substring(start, end);
        int inputCursor = context.length() + cursor - start;
        int[] anchor = new int[1];
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        List<Suggestion> suggestions = analysis.completionSuggestions(input, inputCursor, anchor);
        if (suggestions.isEmpty() && !context.isEmpty()) {
            input = java.substring(start, end);
            inputCursor = cursor - start;
            suggestions = analysis.completionSuggestions(input, inputCursor, anchor);
        }
        if (suggestions.isEmpty() && end > cursor) {
            input = input.substring(0, inputCursor);
            suggestions = analysis.completionSuggestions(input, inputCursor, anchor);
        }
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        int replaceFrom = cursor - (inputCursor - anchor[0]);
        if (suggestions.isEmpty()) {
            // JShell does not offer local variables and parameters of code being typed: find them in the text.
            int wordStart = cursor;
            while (wordStart > 0 && Character.isJavaIdentifierPart(java.charAt(wordStart - 1))) {
                wordStart--;
            }
            String typed = java.substring(wordStart, cursor);
            if (!typed.isEmpty() && (wordStart == 0 || java.charAt(wordStart - 1) != '.')) {
                java.util.regex.Matcher declaration = LOCAL_DECLARATION.matcher(java.substring(0, wordStart));
                while (declaration.find()) {
                    String name = declaration.group(1);
                    if (name.startsWith(typed) && !name.equals(typed) && !KEYWORDS.contains(name)) {
                        matches.add(name);
                    }
                }
                replaceFrom = wordStart;
            }
        }
        return new CompletionResult(new ArrayList<>(matches), Math.max(0, replaceFrom), cursor, Map.of());
    }

    /** Where the snippet that starts at {@code start} ends (at least {@code cursor}). */
    private int snippetEnd(String java, int start, int cursor) {
        String rest = java.substring(start);
        CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(rest);
        int end = info.completeness().isComplete() ? java.length() - info.remaining().length() : java.length();
        return Math.max(end, cursor);
    }

    /** "{ stmt; stmt; " for the statements and local declarations among the complete snippets of {@code code}. */
    private String blockOfEarlierStatements(String code) {
        if (code.isBlank()) {
            return "";
        }
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        StringBuilder block = new StringBuilder();
        String rest = code;
        for (int guard = 0; guard < 1000 && !rest.isBlank(); guard++) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete()) {
                break;
            }
            List<jdk.jshell.Snippet> parsed = analysis.sourceToSnippets(info.source());
            if (!parsed.isEmpty()) {
                jdk.jshell.Snippet.Kind kind = parsed.get(0).kind();
                if (kind == jdk.jshell.Snippet.Kind.VAR || kind == jdk.jshell.Snippet.Kind.STATEMENT
                        || kind == jdk.jshell.Snippet.Kind.TYPE_DECL) {
                    block.append(info.source()).append('\n');
                }
            }
            rest = info.remaining();
        }
        return block.length() == 0 ? "" : "{\n" + block;
    }

    private CompletionResult completeMagic(String linePrefix, int lineStart, int cursor) {
        String stripped = linePrefix.stripLeading();
        int indent = linePrefix.length() - stripped.length();
        boolean cell = stripped.startsWith("%%");
        String typed = stripped.substring(cell ? 2 : 1);
        if (typed.contains(" ")) {
            return new CompletionResult(List.of(), cursor, cursor, Map.of());
        }
        List<String> matches = new ArrayList<>();
        String prefix = cell ? "%%" : "%";
        (cell ? magics.cellNames() : magics.lineNames()).stream()
                .filter(n -> n.startsWith(typed)).forEach(n -> matches.add(prefix + n));
        if (!cell) {
            magics.cellNames().stream().filter(n -> n.startsWith(typed)).forEach(n -> matches.add("%%" + n));
        }
        return new CompletionResult(matches, lineStart + indent, cursor, Map.of());
    }

    InspectionResult inspect(String code, int cursor, int detailLevel) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        String java = blankMagicLines(code);
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        List<Documentation> docs = List.of();
        for (int position : inspectionPositions(java, cursor)) {
            int start = snippetStart(java, position);
            String input = java.substring(start, position);
            if (input.isBlank()) {
                continue;
            }
            docs = analysis.documentation(input, input.length(), true);
            if (docs.isEmpty() && position > 0 && Character.isJavaIdentifierPart(java.charAt(position - 1))) {
                docs = analysis.documentation(input + "(", input.length() + 1, true);
            }
            if (!docs.isEmpty()) {
                break;
            }
        }
        if (docs.isEmpty()) {
            int end = identifierEnd(java, cursor);
            int start = snippetStart(java, end);
            String input = java.substring(start, end);
            String type = input.isBlank() ? null : analysis.analyzeType(input, input.length());
            if (type == null || type.isEmpty()) {
                return InspectionResult.notFound();
            }
            return new InspectionResult(true, new MimeBundle().put("text/plain", type));
        }
        StringBuilder text = new StringBuilder();
        int shown = detailLevel == 0 ? Math.min(docs.size(), 3) : docs.size();
        for (int i = 0; i < shown; i++) {
            Documentation doc = docs.get(i);
            if (i > 0) {
                text.append("\n\n");
            }
            text.append(doc.signature());
            String javadoc = doc.javadoc() == null ? null : JavadocText.plain(doc.javadoc());
            if (javadoc != null && !javadoc.isBlank()) {
                text.append("\n\n").append(detailLevel == 0 ? firstParagraph(javadoc) : javadoc.strip());
            }
        }
        if (shown < docs.size()) {
            text.append("\n\n(").append(docs.size() - shown).append(" more overloads: inspect with detail 1)");
        }
        return new InspectionResult(true, new MimeBundle().put("text/plain", text.toString()));
    }

    /** Cursor positions to try, best first: the cursor, the end of the identifier, inside the call's parentheses. */
    private static List<Integer> inspectionPositions(String java, int cursor) {
        Set<Integer> positions = new LinkedHashSet<>();
        int end = identifierEnd(java, cursor);
        positions.add(end);
        if (end < java.length() && java.charAt(end) == '(') {
            positions.add(end + 1);
        }
        positions.add(cursor);
        int back = cursor;
        while (back > 0 && Character.isWhitespace(java.charAt(back - 1))) {
            back--;
        }
        if (back > 0 && java.charAt(back - 1) == ')') {
            int open = matchingOpen(java, back - 1);
            if (open >= 0) {
                positions.add(open + 1);
                positions.add(open);
            }
        }
        int enclosing = enclosingOpen(java, cursor);
        if (enclosing >= 0) {
            positions.add(enclosing + 1);
            positions.add(enclosing);
        }
        return new ArrayList<>(positions);
    }

    private static int identifierEnd(String java, int cursor) {
        int end = cursor;
        while (end < java.length() && Character.isJavaIdentifierPart(java.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int matchingOpen(String java, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = java.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int enclosingOpen(String java, int cursor) {
        int depth = 0;
        for (int i = cursor - 1; i >= 0; i--) {
            char c = java.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ';' || c == '{' || c == '}') {
                return -1;
            }
        }
        return -1;
    }

    private static String firstParagraph(String javadoc) {
        String trimmed = javadoc.strip();
        int blank = trimmed.indexOf("\n\n");
        return blank < 0 ? trimmed : trimmed.substring(0, blank);
    }

    IsCompleteResult isComplete(String code) {
        List<CellParser.Part> parts = CellParser.parse(code);
        if (!parts.isEmpty() && parts.get(0) instanceof CellParser.CellMagicPart) {
            return new IsCompleteResult("complete", "");
        }
        String java = blankMagicLines(code);
        String rest = java;
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (completeness == Completeness.DEFINITELY_INCOMPLETE || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                return new IsCompleteResult("incomplete", indentFor(rest));
            }
            if (completeness == Completeness.UNKNOWN) {
                return new IsCompleteResult("invalid", "");
            }
            if (!syntax.isValid(info.source())) {
                return new IsCompleteResult("invalid", "");
            }
            if (info.remaining().length() >= rest.length()) {
                break;
            }
            rest = info.remaining();
        }
        return new IsCompleteResult("complete", "");
    }

    /** Four spaces per bracket left open. */
    private static String indentFor(String code) {
        int depth = 0;
        boolean inString = false;
        char quote = 0;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    inString = false;
                }
            } else if (c == '"' || c == '\'') {
                inString = true;
                quote = c;
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                int newline = code.indexOf('\n', i);
                i = newline < 0 ? code.length() : newline;
            } else if (c == '{' || c == '(' || c == '[') {
                depth++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth--;
            }
        }
        return "    ".repeat(Math.max(1, depth));
    }

    /** The start of the snippet that holds {@code position}: after the last complete snippet before it. */
    private int snippetStart(String java, int position) {
        String before = java.substring(0, position);
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        int start = 0;
        String rest = before;
        for (int guard = 0; guard < 10_000 && !rest.isBlank(); guard++) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()
                    || info.remaining().length() >= rest.length()) {
                break;
            }
            start = before.length() - info.remaining().length();
            rest = info.remaining();
        }
        while (start < position && Character.isWhitespace(java.charAt(start))) {
            start++;
        }
        return start;
    }

    /** The code with every line magic replaced by spaces, so offsets stay the same. */
    static String blankMagicLines(String code) {
        StringBuilder out = new StringBuilder(code.length());
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(CellParser.isLineMagic(lines[i].strip()) ? " ".repeat(lines[i].length()) : lines[i]);
        }
        return out.toString();
    }
}
