package dev.jtrack.tracking.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunTag;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "loss", "val/loss", "a.b", "a-b", "a b", "a:b", "_", "x1", "ünicode", "a/b/c"})
    void acceptsKeys(String key) {
        assertDoesNotThrow(() -> Validation.key("metric", key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "/a", "a/", "a//b", "a/../b", "./a", "a\tb", "a;b", "a\u0000b", "a*b", "a?b", "a\\b"})
    void rejectsKeys(String key) {
        MlflowException e = assertThrows(MlflowException.class, () -> Validation.key("metric", key));
        assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.errorCode());
    }

    @Test
    void lengths() {
        assertDoesNotThrow(() -> Validation.key("param", "k".repeat(250)));
        assertThrows(MlflowException.class, () -> Validation.key("param", "k".repeat(251)));
        assertDoesNotThrow(() -> Validation.param(new Param("k", "v".repeat(6000))));
        assertThrows(MlflowException.class, () -> Validation.param(new Param("k", "v".repeat(6001))));
        assertDoesNotThrow(() -> Validation.tag(new RunTag("k", "v".repeat(5000))));
        assertThrows(MlflowException.class, () -> Validation.tag(new RunTag("k", "v".repeat(5001))));
        assertDoesNotThrow(() -> Validation.experimentName("e".repeat(500)));
        assertThrows(MlflowException.class, () -> Validation.experimentName("e".repeat(501)));
    }

    @Test
    void storableText() {
        assertDoesNotThrow(() -> Validation.storable("x", "emoji 🚀 ok"));
        assertThrows(MlflowException.class, () -> Validation.storable("x", "lone \ud83d surrogate"));
        assertThrows(MlflowException.class, () -> Validation.storable("x", "lone \ude80 low"));
        assertThrows(MlflowException.class, () -> Validation.storable("x", "nul\u0000"));
    }

    @Test
    void batchLimits() {
        List<Metric> m = Collections.nCopies(1000, new Metric("m", 1, 1, 1));
        assertDoesNotThrow(() -> Validation.batch(m, List.of(), List.of()));
        assertThrows(MlflowException.class, () -> Validation.batch(Collections.nCopies(1001, new Metric("m", 1, 1, 1)), List.of(), List.of()));
        assertThrows(MlflowException.class, () -> Validation.batch(List.of(), Collections.nCopies(101, new Param("p", "v")), List.of()));
        assertThrows(MlflowException.class, () -> Validation.batch(List.of(), List.of(), Collections.nCopies(101, new RunTag("t", "v"))));
        assertThrows(MlflowException.class,
                () -> Validation.batch(Collections.nCopies(950, new Metric("m", 1, 1, 1)), Collections.nCopies(51, new Param("p", "v")), List.of()));
        assertDoesNotThrow(() -> Validation.batch(List.of(), List.of(new Param("p", "v"), new Param("p", "v")), List.of()));
        assertThrows(MlflowException.class, () -> Validation.batch(List.of(), List.of(new Param("p", "v"), new Param("p", "w")), List.of()));
    }

    @Test
    void ids() {
        assertDoesNotThrow(() -> Validation.runId("0123456789abcdef0123456789abcdef"));
        assertThrows(MlflowException.class, () -> Validation.runId("../x"));
        assertThrows(MlflowException.class, () -> Validation.runId(""));
        assertDoesNotThrow(() -> Validation.experimentId("0"));
        assertThrows(MlflowException.class, () -> Validation.experimentId("a b"));
        assertEquals(3, Validation.modelVersion("3"));
        assertThrows(MlflowException.class, () -> Validation.modelVersion("0"));
        assertThrows(MlflowException.class, () -> Validation.modelVersion("1.5"));
    }

    @Test
    void aliases() {
        assertDoesNotThrow(() -> Validation.alias("champion"));
        assertThrows(MlflowException.class, () -> Validation.alias("latest"));
        assertThrows(MlflowException.class, () -> Validation.alias("V12"));
        assertThrows(MlflowException.class, () -> Validation.alias("a b"));
    }
}
