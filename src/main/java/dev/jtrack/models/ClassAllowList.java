package dev.jtrack.models;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Set;

/**
 * The deserialization filter of model files: allows primitive arrays, a fixed set of JDK value and
 * collection classes, jtrack's model classes and the configured patterns; rejects everything
 * else, and bounds depth and size.
 */
final class ClassAllowList implements ObjectInputFilter {
    private static final Set<String> JDK = Set.of(
            "java.lang.String", "java.lang.Number", "java.lang.Integer", "java.lang.Long", "java.lang.Double",
            "java.lang.Float", "java.lang.Short", "java.lang.Byte", "java.lang.Boolean", "java.lang.Character",
            "java.lang.Enum", "java.lang.Object",
            "java.math.BigDecimal", "java.math.BigInteger",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.Map$Entry", "java.util.HashMap", "java.util.LinkedHashMap",
            "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
            "java.util.ArrayDeque", "java.util.Arrays$ArrayList", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableMap",
            "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableSet",
            "java.util.ImmutableCollections$SerialForm", "java.util.ImmutableCollections$ListN",
            "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$MapN",
            "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$SetN",
            "java.util.ImmutableCollections$Set12", "java.util.UUID");
    /** The predictors jtrack ships. */
    private static final Set<String> OWN = Set.of(LinearClassifier.class.getName());

    private final List<String> patterns;
    private String rejected;

    ClassAllowList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The first class this filter rejected, or null. */
    String rejected() {
        return rejected;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (info.depth() > 100 || info.references() > 10_000_000 || info.arrayLength() > 100_000_000) {
            return Status.REJECTED;
        }
        Class<?> c = info.serialClass();
        if (c == null) {
            return Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (c.isPrimitive() || allowed(c.getName())) {
            return Status.ALLOWED;
        }
        if (rejected == null) rejected = c.getName();
        return Status.REJECTED;
    }

    boolean allowed(String name) {
        if (JDK.contains(name) || OWN.contains(name)) {
            return true;
        }
        for (String p : patterns) {
            if (p.endsWith(".**") ? name.startsWith(p.substring(0, p.length() - 2))
                    : p.endsWith(".*") ? name.startsWith(p.substring(0, p.length() - 1))
                            && name.indexOf('.', p.length() - 1) < 0
                    : name.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
