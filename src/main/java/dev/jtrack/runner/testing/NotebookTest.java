package dev.jtrack.runner.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test that runs a notebook first: the notebook runs (in this JVM, tracked, parameters
 * injected as {@code jtrack run -p} injects them) before the test method, a failing cell fails the
 * test with the cell's error and line, and the method may take the {@link ExecutedNotebook} as a
 * parameter to assert on its variables, outputs and logged metrics.
 *
 * <pre>{@code
 * @NotebookTest(value = "notebooks/train.ipynb", parameters = {"learningRate=0.05", "epochs=3"})
 * void trainsWell(ExecutedNotebook nb) {
 *     assertTrue(nb.metric("accuracy") > 0.9);
 * }
 * }</pre>
 *
 * For many parameter sets use JUnit's {@code @ParameterizedTest} with any argument source and
 * {@link Notebooks#notebook(String)} in the method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Test
@ExtendWith(NotebookTestExtension.class)
public @interface NotebookTest {
    /** The notebook, relative to the working directory (a Maven module's folder). */
    String value();

    /** Parameters as {@code name=value}, typed by the notebook's parameters cell. */
    String[] parameters() default {};

    /** The experiment to track into (default: the notebook's name). */
    String experiment() default "";

    /** The longest a cell may run, in seconds (0: no limit). */
    long cellTimeoutSeconds() default 0;
}
