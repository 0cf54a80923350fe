package dev.jtrack.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrackingUriOptionTest {
    @Test
    void theChildGetsTheArgumentsWithoutTheOptionInEitherForm() {
        assertEquals(List.of("run", "in.ipynb", "-p", "epochs", "3"), TrackingUriOption.withoutOption(
                List.of("run", "--tracking-uri", "sqlite:///a.db", "in.ipynb", "-p", "epochs", "3")));
        assertEquals(List.of("reproduce", "abc", "--out", "d"), TrackingUriOption.withoutOption(
                List.of("reproduce", "abc", "--tracking-uri=http://127.0.0.1:5000", "--out", "d")));
    }

    @Test
    void noOptionOrABlankOneOverridesNothing() {
        assertFalse(TrackingUriOption.overrides(null));
        assertFalse(TrackingUriOption.overrides(" "));
    }
}
