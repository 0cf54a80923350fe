package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argument errors of the model magics, caught before anything is evaluated or logged (the magics themselves run in NotebooksIT). */
class ModelMagicsTest {
    private final ModelMagics magics = new ModelMagics();

    private static void usage(String expected, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith("usage: " + expected), ex.getMessage());
    }

    @Test
    void wrongArgumentsShowTheUsage() {
        usage("%log_model VAR", () -> magics.logModel("", null));
        usage("%log_model VAR", () -> magics.logModel("model --path", null));
        usage("%log_model VAR", () -> magics.logModel("model --bogus x", null));
        usage("%log_model VAR", () -> magics.logModel("a b", null));
        usage("%log_model VAR", () -> magics.logModel("1x", null));
        usage("%register_model URI NAME", () -> magics.registerModel("runs:/x/model"));
        usage("%set_alias NAME ALIAS VERSION", () -> magics.setAlias("iris champion"));
    }
}
