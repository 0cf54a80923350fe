package dev.jtrack.autolog.params;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * What a {@code %%params} cell declares: the names of its top-level variables (found by parsing
 * the cell with javac, without compiling it), and which of their values are parameters
 * (primitives, boxed primitives, strings and enum constants).
 */
public final class ParamCapture {
    private ParamCapture() {}

    /**
     * The names of the variables {@code code} declares at its top level, in order, each once.
     * Variables declared inside blocks, lambdas, methods or classes are not top level.
     */
    public static List<String> topLevelVariables(String code) {
        // A cell is a sequence of JShell snippets; as the body of a method it parses the same way
        // for declarations and statements (methods and classes declared at top level are parse
        // errors there, which javac's parser recovers from).
        String source = "class $JtrackParams { void $cell() throws Throwable {\n" + code + "\n;} }";
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("%%params needs a JDK (javac), not a JRE");
        }
        JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), null, diagnostic -> { },
                List.of("-proc:none"), null, List.of(new Source(source)));
        Set<String> names = new LinkedHashSet<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree cls) {
                        for (Tree member : cls.getMembers()) {
                            if (member instanceof MethodTree method && method.getName().contentEquals("$cell")) {
                                collect(method.getBody(), names);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not parse the %%params cell: " + e.getMessage(), e);
        }
        return new ArrayList<>(names);
    }

    private static void collect(BlockTree body, Set<String> names) {
        if (body == null) {
            return;
        }
        for (StatementTree statement : body.getStatements()) {
            if (statement instanceof VariableTree variable && !variable.getName().contentEquals("<error>")) {
                names.add(variable.getName().toString());
            }
        }
    }

    /**
     * The parameter value of {@code value} as MLflow stores it, or null when it is not a
     * primitive, boxed primitive, String or enum constant (or is null).
     */
    public static String paramValue(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return null;
    }

    /**
     * Pairs {@code names} with {@code values} (same order) and keeps those whose value is a parameter.
     *
     * @return name to parameter value, in declaration order
     */
    public static Map<String, String> params(List<String> names, Object[] values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size() && i < values.length; i++) {
            String value = paramValue(values[i]);
            if (value != null) {
                out.put(names.get(i), value);
            }
        }
        return out;
    }

    /** The Java expression that evaluates to an {@code Object[]} of the named variables' values. */
    public static String valuesExpression(List<String> names) {
        return "new Object[] {" + String.join(", ", names) + "}";
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String code) {
            super(URI.create("string:///$JtrackParams.java"), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
