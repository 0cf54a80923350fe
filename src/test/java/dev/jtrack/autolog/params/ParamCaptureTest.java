package dev.jtrack.autolog.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamCaptureTest {

    @Test
    void findsTopLevelDeclarationsInOrder() {
        String cell = """
                double learningRate = 0.01;
                int epochs = 10, batch = 32;
                var name = "resnet";
                final boolean shuffle = true;
                System.out.println("hi");
                for (int i = 0; i < 3; i++) { int inner = i; }
                Runnable r = () -> { int inLambda = 1; };
                if (epochs > 3) { String nested = "x"; }
                """;
        assertEquals(List.of("learningRate", "epochs", "batch", "name", "shuffle", "r"),
                ParamCapture.topLevelVariables(cell));
    }

    @Test
    void toleratesTopLevelMethodsAndMissingSemicolon() {
        String cell = """
                int seed = 42;
                int twice(int x) { return 2 * x; }
                String optimizer = "adam"
                """;
        List<String> names = ParamCapture.topLevelVariables(cell);
        assertEquals("seed", names.get(0));
        assertEquals(true, names.contains("optimizer"), names.toString());
    }

    @Test
    void redeclarationIsListedOnce() {
        assertEquals(List.of("a"), ParamCapture.topLevelVariables("int a = 1;\nlong a = 2;"));
    }

    @Test
    void onlyPrimitiveBoxedStringAndEnumValuesAreParams() {
        assertEquals("0.01", ParamCapture.paramValue(0.01));
        assertEquals("10", ParamCapture.paramValue(10));
        assertEquals("true", ParamCapture.paramValue(Boolean.TRUE));
        assertEquals("x", ParamCapture.paramValue('x'));
        assertEquals("adam", ParamCapture.paramValue("adam"));
        assertEquals("MONDAY", ParamCapture.paramValue(DayOfWeek.MONDAY));
        assertNull(ParamCapture.paramValue(List.of(1)));
        assertNull(ParamCapture.paramValue(null));
        assertNull(ParamCapture.paramValue(new int[] {1}));
        Map<String, String> params = ParamCapture.params(List.of("lr", "layers", "opt", "day"),
                new Object[] {0.5, List.of(1, 2), "sgd", DayOfWeek.FRIDAY});
        assertEquals(Map.of("lr", "0.5", "opt", "sgd", "day", "FRIDAY"), params);
        assertEquals(List.of("lr", "opt", "day"), List.copyOf(params.keySet()));
    }

    @Test
    void valuesExpressionListsTheNames() {
        assertEquals("new Object[] {a, b}", ParamCapture.valuesExpression(List.of("a", "b")));
    }
}
