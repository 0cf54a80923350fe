package dev.jtrack.runner.testing;

import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Runs the notebook of a {@link NotebookTest} before the test method and hands the result to it. */
public final class NotebookTestExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NotebookTestExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        NotebookTest test = method.getAnnotation(NotebookTest.class);
        if (test == null) {
            return;
        }
        NotebookRun run = Notebooks.notebook(test.value());
        for (String parameter : test.parameters()) {
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@NotebookTest parameter '" + parameter + "' is not name=value");
            }
            run.param(parameter.substring(0, eq).strip(), parameter.substring(eq + 1));
        }
        if (!test.experiment().isEmpty()) {
            run.experiment(test.experiment());
        }
        if (test.cellTimeoutSeconds() > 0) {
            run.cellTimeout(Duration.ofSeconds(test.cellTimeoutSeconds()));
        }
        ExecutedNotebook executed = run.run();
        context.getStore(NAMESPACE).put(context.getUniqueId(), executed);
        context.publishReportEntry("notebook", executed.notebook().toString());
        executed.runId().ifPresent(id -> context.publishReportEntry("run", id));
        executed.assertSucceeded();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ExecutedNotebook.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Object executed = context.getStore(NAMESPACE).get(context.getUniqueId());
        if (executed == null) {
            throw new ParameterResolutionException("an ExecutedNotebook parameter needs @NotebookTest on the method");
        }
        return executed;
    }
}
