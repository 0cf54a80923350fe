package dev.jtrack.autolog.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaParametersTest {

    @Test
    void readsTopLevelDeclarationsWithTheirTypes() {
        Map<String, JavaParameters.Declared> d = JavaParameters.declarations("""
                int epochs = 5;
                final double lr = 0.1; // learning rate
                String name = "a";
                List<Integer> sizes = List.of(1, 2);
                var seed = 42L;
                for (int i = 0; i < 3; i++) {
                    int inner = i;
                }
                System.out.println(epochs);
                """);
        assertEquals(List.of("epochs", "lr", "name", "sizes", "seed"), List.copyOf(d.keySet()));
        assertEquals("int", d.get("epochs").type());
        assertEquals("double", d.get("lr").type());
        assertEquals("List<Integer>", d.get("sizes").type());
        assertEquals("42L", d.get("seed").initializer());
    }

    @Test
    void typesValuesByTheDeclaration() throws ParameterError {
        assertEquals("int epochs = 10;", decl("epochs", "10", "int", "5"));
        assertEquals("long n = 5000000000L;", decl("n", "5000000000", "long", "1L"));
        assertEquals("double lr = 1.0;", decl("lr", "1", "double", "0.1"));
        assertEquals("double lr = 0.01;", decl("lr", 0.01, "double", "0.1"));
        assertEquals("float f = 2.5f;", decl("f", "2.5", "float", "1f"));
        assertEquals("boolean v = true;", decl("v", "True", "boolean", "false"));
        assertEquals("String s = \"say \\\"hi\\\"\\n\";", decl("s", "say \"hi\"\n", "String", "\"\""));
        assertEquals("List<Integer> xs = List.of(3, 4);", decl("xs", "3,4", "List<Integer>", "List.of()"));
        assertEquals("List<String> xs = List.of(\"a\", \"b\");", decl("xs", List.of("a", "b"), "List<String>", "List.of()"));
        assertEquals("var seed = 7L;", decl("seed", "7", "var", "42L"));
    }

    @Test
    void infersTypesWithoutAParametersCell() throws ParameterError {
        assertEquals("var a = 3;", JavaParameters.declaration("a", "3", null));
        assertEquals("var b = 3.5;", JavaParameters.declaration("b", "3.5", null));
        assertEquals("var c = true;", JavaParameters.declaration("c", "true", null));
        assertEquals("var d = \"x y\";", JavaParameters.declaration("d", "x y", null));
        assertEquals("var e = 9999999999L;", JavaParameters.declaration("e", "9999999999", null));
        assertEquals("var f = List.of(1, 2);", JavaParameters.declaration("f", List.of(1, 2), null));
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        assertTrue(assertThrows(ParameterError.class, () -> decl("epochs", "ten", "int", "5")).getMessage()
                .contains("'epochs' is declared int but got 'ten'"));
        assertThrows(ParameterError.class, () -> decl("epochs", "3000000000", "int", "5"));
        assertThrows(ParameterError.class, () -> decl("lr", "fast", "double", "0.1"));
        assertThrows(ParameterError.class, () -> decl("v", "yes", "boolean", "false"));
        assertThrows(ParameterError.class, () -> decl("xs", "1,x", "List<Integer>", "List.of()"));
        assertThrows(ParameterError.class, () -> decl("m", "1", "Map<String,Integer>", "Map.of()"));
        assertThrows(ParameterError.class, () -> decl("n", null, "int", "1"));
    }

    private static String decl(String name, Object value, String type, String init) throws ParameterError {
        return JavaParameters.declaration(name, value, new JavaParameters.Declared(type, init));
    }
}
