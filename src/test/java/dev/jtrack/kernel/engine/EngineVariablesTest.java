package dev.jtrack.kernel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineVariablesTest {
    @Test
    void variablesHoldTheCurrentValuesAlsoOfRedeclaredVariables() {
        EngineFixture.run("String redeclaredLabel = \"old\";\nint redeclaredCount = 1;");
        // JShell gives the new declarations the old snippets' ids, in new wrapper classes
        EngineFixture.run("String redeclaredLabel = \"new\";\nint redeclaredCount = 2;");
        EngineFixture.run("Object nullVariable = null;");

        Map<String, Object> variables = EngineFixture.engine().variables();

        assertEquals("new", variables.get("redeclaredLabel"));
        assertEquals(2, variables.get("redeclaredCount"));
        assertTrue(variables.containsKey("nullVariable"));
    }
}
