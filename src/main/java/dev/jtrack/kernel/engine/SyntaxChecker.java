package dev.jtrack.kernel.engine;

import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Says whether one JShell snippet is syntactically valid Java, by parsing it (never compiling or
 * running it) with javac as a class member, as statements, or as an expression.
 */
final class SyntaxChecker {
    private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();

    boolean isValid(String snippet) {
        String body = snippet.strip();
        String expression = body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
        if (body.startsWith("import ")) {
            return parses(body + "\nclass $J { }");
        }
        return parses("class $J { " + body + "\n}")
                || parses("class $J { void $m() throws Throwable { " + body + "\n} }")
                || parses("class $J { Object $v = (" + expression + "\n); }");
    }

    private boolean parses(String source) {
        AtomicBoolean failed = new AtomicBoolean();
        DiagnosticListener<JavaFileObject> listener = d -> {
            if (d.getKind() == javax.tools.Diagnostic.Kind.ERROR) {
                failed.set(true);
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///J.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) compiler.getTask(null, null, listener, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return !failed.get();
    }
}
