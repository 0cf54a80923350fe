package dev.jtrack.autolog.params;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java side of papermill parameters: the variables a {@code parameters} cell declares (with
 * their types), and values turned into Java declarations of those types. One set of rules for
 * {@code jtrack run -p} and for papermill's {@code %papermill_parameters} magic.
 */
public final class JavaParameters {
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:final\\s+)?([A-Za-z_][\\w.]*(?:\\s*<[^=;]*>)?(?:\\s*\\[\\s*])*)\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*(.*?);?\\s*(?://.*)?$");

    private JavaParameters() {}

    /** A declared parameter: its type as written and its initializer. */
    public record Declared(String type, String initializer) {}

    /**
     * The source of the injected-parameters cell for {@code values}: a comment line, then one
     * declaration per value, typed from {@code declared} (the parameters cell's declarations, or
     * null when the notebook has none: types are then inferred from the values). An invalid name,
     * an unknown name (when there are declarations) or a value of the wrong type is a
     * {@link ParameterError} naming every problem at once.
     *
     * @param values Strings (from {@code -p}), or Numbers, Booleans, Strings and Lists (YAML, JSON)
     */
    public static String injectedSource(Map<String, Declared> declared, Map<String, ?> values) throws ParameterError {
        StringBuilder source = new StringBuilder("// Parameters\n");
        StringBuilder problems = new StringBuilder();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String name = e.getKey();
            if (!name.matches("[A-Za-z_$][\\w$]*")) {
                problems.append("\n  parameter name '").append(name).append("' is not a Java identifier");
                continue;
            }
            Declared d = declared == null ? null : declared.get(name);
            if (declared != null && d == null) {
                problems.append("\n  unknown parameter '").append(name).append("': the parameters cell declares ")
                        .append(declared.isEmpty() ? "nothing" : String.join(", ", declared.keySet()));
                continue;
            }
            try {
                source.append(declaration(name, e.getValue(), d)).append('\n');
            } catch (ParameterError error) {
                problems.append("\n  ").append(error.getMessage());
            }
        }
        if (problems.length() > 0) {
            throw new ParameterError("bad parameters:" + problems);
        }
        return source.toString().stripTrailing();
    }

    /**
     * The declared parameters' literal defaults as param values ({@code 42L} as 42, {@code "a"} as
     * a); declarations whose initializer is not a plain literal are left out.
     */
    public static Map<String, String> defaults(Map<String, Declared> declared) {
        Map<String, String> out = new LinkedHashMap<>();
        if (declared == null) {
            return out;
        }
        declared.forEach((name, d) -> {
            String kind = literalKind(d.initializer());
            if (kind == null) {
                return;
            }
            String v = d.initializer().strip();
            if (kind.equals("String")) {
                if (v.endsWith("\"") && v.length() >= 2 && !v.substring(1, v.length() - 1).contains("\\")) {
                    out.put(name, v.substring(1, v.length() - 1));
                }
            } else {
                out.put(name, v.replaceAll("[lLfFdD]$", ""));
            }
        });
        return out;
    }

    /** String forms of the values, as logged params ({@code a,b} for lists). */
    public static Map<String, String> asText(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
        return out;
    }

    /** The top-level {@code TYPE NAME = VALUE;} declarations of a parameters cell, in order. */
    public static Map<String, Declared> declarations(String code) {
        Map<String, Declared> out = new LinkedHashMap<>();
        for (String line : code.split("\n")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                // only top-level declarations are parameters
                continue;
            }
            Matcher m = DECLARATION.matcher(line);
            if (m.matches() && !m.group(1).equals("return")) {
                out.put(m.group(2), new Declared(m.group(1).replaceAll("\\s+", ""), m.group(3).strip()));
            }
        }
        return out;
    }

    /**
     * The Java declaration {@code name = value} for a variable declared as {@code declared}
     * (null when there is no parameters cell: the type is inferred from the value).
     *
     * @param value a String (from {@code -p}), or a Number, Boolean, String or List (from YAML)
     */
    public static String declaration(String name, Object value, Declared declared) throws ParameterError {
        String type = declared == null ? null : declared.type();
        if (type == null || type.equals("var")) {
            String inferredFrom = declared == null ? null : declared.initializer();
            String literal = inferred(name, value, inferredFrom);
            return "var " + name + " = " + literal + ";";
        }
        return type + " " + name + " = " + literal(name, value, type) + ";";
    }

    private static String inferred(String name, Object value, String initializer) throws ParameterError {
        if (initializer != null) {
            String kind = literalKind(initializer);
            if (kind != null) {
                return literal(name, value, kind);
            }
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object item : list) {
                items.add(inferred(name, item, null));
            }
            return "List.of(" + String.join(", ", items) + ")";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return literal(name, value, value instanceof Boolean ? "boolean"
                    : value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal ? "double"
                    : fitsInt(value.toString()) ? "int" : "long");
        }
        String text = String.valueOf(value);
        if (text.matches("-?\\d+")) {
            return literal(name, text, fitsInt(text) ? "int" : "long");
        }
        if (text.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return literal(name, text, "double");
        }
        if (text.equals("true") || text.equals("false")) {
            return text;
        }
        return quote(text);
    }

    /** The primitive kind of a literal initializer, or null when it is not a plain literal. */
    static String literalKind(String initializer) {
        String s = initializer.strip();
        if (s.startsWith("\"")) {
            return "String";
        }
        if (s.equals("true") || s.equals("false")) {
            return "boolean";
        }
        if (s.matches("-?\\d+[lL]")) {
            return "long";
        }
        if (s.matches("-?\\d+")) {
            return "int";
        }
        if (s.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?[dD]?")) {
            return "double";
        }
        if (s.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?[fF]")) {
            return "float";
        }
        return null;
    }

    /** The Java literal of {@code value} for {@code type}; a value that does not fit is a {@link ParameterError}. */
    static String literal(String name, Object value, String type) throws ParameterError {
        String t = type.replace("java.lang.", "").replace("java.util.", "");
        String text = value == null ? null : String.valueOf(value).strip();
        if (value == null) {
            if (isPrimitive(t)) {
                throw new ParameterError("parameter '" + name + "' is a " + type + " and cannot be null");
            }
            return "null";
        }
        switch (t) {
            case "int", "Integer", "short", "Short", "byte", "Byte" -> {
                if (!text.matches("[-+]?\\d+") || !fitsInt(text)) {
                    throw wrong(name, text, type, "a whole number");
                }
                return stripPlus(text);
            }
            case "long", "Long" -> {
                if (!text.matches("[-+]?\\d+[lL]?") || new BigInteger(stripL(stripPlus(text))).bitLength() > 63) {
                    throw wrong(name, text, type, "a whole number");
                }
                return stripL(stripPlus(text)) + "L";
            }
            case "double", "Double", "float", "Float" -> {
                try {
                    double d = Double.parseDouble(text);
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw wrong(name, text, type, "a number");
                }
                String number = stripPlus(text.replaceAll("[dDfF]$", ""));
                boolean isFloat = t.equalsIgnoreCase("float");
                return isFloat ? number + "f" : (number.matches("-?\\d+") ? number + ".0" : number);
            }
            case "boolean", "Boolean" -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw wrong(name, text, type, "true or false");
                }
                return lower;
            }
            case "String", "CharSequence" -> {
                return quote(String.valueOf(value));
            }
            case "char", "Character" -> {
                if (String.valueOf(value).length() != 1) {
                    throw wrong(name, text, type, "a single character");
                }
                return "'" + escape(String.valueOf(value)).replace("'", "\\'") + "'";
            }
            default -> {
                return listLiteral(name, value, type, t);
            }
        }
    }

    private static String listLiteral(String name, Object value, String type, String t) throws ParameterError {
        Matcher m = Pattern.compile("(List|Collection|Iterable|Set)<(.+)>").matcher(t);
        if (!m.matches()) {
            throw new ParameterError("parameter '" + name + "' has type " + type
                    + ", which jtrack run cannot inject (use int, long, double, float, boolean, char, String,"
                    + " their boxes, var, or List<...> of them)");
        }
        List<?> items;
        if (value instanceof List<?> list) {
            items = list;
        } else {
            String text = String.valueOf(value).strip();
            if (text.startsWith("[") && text.endsWith("]")) {
                text = text.substring(1, text.length() - 1);
            }
            List<String> parts = new ArrayList<>();
            if (!text.isBlank()) {
                for (String part : text.split(",")) {
                    parts.add(part.strip());
                }
            }
            items = parts;
        }
        String element = m.group(2).strip();
        List<String> literals = new ArrayList<>();
        for (Object item : items) {
            literals.add(literal(name, item, element));
        }
        String factory = m.group(1).equals("Set") ? "Set.of(" : "List.of(";
        return factory + String.join(", ", literals) + ")";
    }

    private static boolean isPrimitive(String t) {
        return List.of("int", "long", "double", "float", "boolean", "short", "byte", "char").contains(t);
    }

    private static boolean fitsInt(String text) {
        try {
            Integer.parseInt(stripPlus(text));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String stripPlus(String s) {
        return s.startsWith("+") ? s.substring(1) : s;
    }

    private static String stripL(String s) {
        return s.endsWith("L") || s.endsWith("l") ? s.substring(0, s.length() - 1) : s;
    }

    private static ParameterError wrong(String name, String text, String type, String expected) {
        return new ParameterError("parameter '" + name + "' is declared " + type + " but got '" + text
                + "' (expected " + expected + ")");
    }

    /** A Java string literal. */
    static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
