package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The URI and name rules of MLflow 3 logged models on the client side. */
class LoggedModelUriTest {
    @Test
    void modelsUriWithoutVersionOrAliasNamesALoggedModel() {
        assertEquals("m-0123abcd", ModelLocation.loggedModelId("models:/m-0123abcd"));
        assertEquals("m-0123abcd", ModelLocation.loggedModelId(" models:/m-0123abcd/ "));
        assertNull(ModelLocation.loggedModelId("models:/iris/1"));
        assertNull(ModelLocation.loggedModelId("models:/iris@champion"));
        assertNull(ModelLocation.loggedModelId("runs:/abc/model"));
    }

    @Test
    void loggedModelUriIsModelsColonIdWhenThereIsOne() {
        MLmodel m = MLmodel.create("model", "r1", java.util.Map.of("java_function", java.util.Map.of()), null, null, null);
        assertEquals("runs:/r1/a/model", new LoggedModel("r1", "a/model", m).modelUri());
        assertEquals("models:/m-1", new LoggedModel("r1", "model", m, "m-1").modelUri());
    }

    @Test
    void nameDropsWhatMlflowRefuses() {
        assertEquals("iris-model", MlflowLoggedModels.modelName("models/iris-model"));
        assertEquals("v1_2_model", MlflowLoggedModels.modelName("v1.2:model"));
    }
}
