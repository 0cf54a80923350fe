package dev.jtrack.projects;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The types an {@code MLproject} parameter may have: MLflow's {@code string}, {@code float},
 * {@code path} and {@code uri}, plus jtrack's {@code int}, {@code long}, {@code double},
 * {@code boolean} and {@code list}. Each checks a value and returns it in its canonical form.
 */
public enum ParameterType {
    STRING, FLOAT, PATH, URI_TYPE, INT, LONG, DOUBLE, BOOLEAN, LIST;

    /** The type named in an {@code MLproject} file (case-insensitive; {@code str} as MLflow accepts it). */
    public static ParameterType of(String name) {
        String n = name == null ? "string" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "string", "str" -> STRING;
            case "float" -> FLOAT;
            case "path" -> PATH;
            case "uri" -> URI_TYPE;
            case "int", "integer" -> INT;
            case "long" -> LONG;
            case "double", "number" -> DOUBLE;
            case "boolean", "bool" -> BOOLEAN;
            case "list" -> LIST;
            default -> throw new IllegalArgumentException("unknown parameter type '" + name
                    + "' (use string, float, path, uri, int, long, double, boolean or list)");
        };
    }

    /** The name as written in {@code MLproject}. */
    public String yamlName() {
        return this == URI_TYPE ? "uri" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * The canonical form of {@code value}: a String (string, uri, path made absolute against
     * {@code baseDir}), Long (int, long), Double (float, double), Boolean or List of Strings.
     *
     * @throws IllegalArgumentException naming what was expected when the value does not fit
     */
    public Object convert(Object value, Path baseDir) {
        String text = value instanceof List<?> ? null : String.valueOf(value).strip();
        switch (this) {
            case STRING:
                return value instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(value);
            case INT:
            case LONG:
                if (text == null || !text.matches("[-+]?\\d+")) {
                    throw new IllegalArgumentException("expected a whole number, got '" + value + "'");
                }
                BigInteger big = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
                if (big.bitLength() > (this == INT ? 31 : 63)) {
                    throw new IllegalArgumentException("'" + text + "' does not fit in a " + yamlName());
                }
                return big.longValue();
            case FLOAT:
            case DOUBLE:
                try {
                    double d = Double.parseDouble(text == null ? "x" : text);
                    if (Double.isNaN(d) || Double.isInfinite(d) || text.matches(".*[dDfF]$")) {
                        throw new NumberFormatException();
                    }
                    return d;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected a number, got '" + value + "'");
                }
            case BOOLEAN:
                String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new IllegalArgumentException("expected true or false, got '" + value + "'");
                }
                return Boolean.valueOf(lower);
            case URI_TYPE:
                if (text == null || !isUri(text)) {
                    throw new IllegalArgumentException("expected a URI with a scheme (such as s3://, https://, file:/),"
                            + " got '" + value + "'");
                }
                return text;
            case PATH:
                if (text == null || text.isEmpty()) {
                    throw new IllegalArgumentException("expected a path, got '" + value + "'");
                }
                if (isUri(text)) {
                    return text; // as MLflow: a URI is passed on as it is
                }
                Path p = baseDir.resolve(text).toAbsolutePath().normalize();
                if (!Files.exists(p)) {
                    throw new IllegalArgumentException("no such file or directory: " + p);
                }
                return p.toString();
            case LIST:
                List<String> items = new ArrayList<>();
                if (value instanceof List<?> l) {
                    l.forEach(item -> items.add(String.valueOf(item)));
                } else {
                    String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
                    if (!t.isBlank()) {
                        for (String part : t.split(",")) {
                            items.add(part.strip());
                        }
                    }
                }
                return List.copyOf(items);
            default:
                throw new AssertionError(this);
        }
    }

    /** A URI with a scheme of two or more letters (so {@code C:\data} is not one). */
    static boolean isUri(String text) {
        try {
            String scheme = new URI(text).getScheme();
            return scheme != null && scheme.length() > 1;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The text a command line, an argument or a logged param gets for a canonical value. */
    public static String text(Object canonical) {
        if (canonical instanceof List<?> l) {
            return String.join(",", l.stream().map(String::valueOf).toList());
        }
        if (canonical instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d); // 1.0, not 1: a float parameter stays a float
        }
        return String.valueOf(canonical);
    }
}
