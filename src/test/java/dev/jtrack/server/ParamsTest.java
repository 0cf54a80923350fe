package dev.jtrack.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {
    private static Params json(String s) {
        return Params.ofJson(JsonBody.parseObject(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static ApiException fails(Runnable r) {
        return assertThrows(ApiException.class, r::run);
    }

    @Test
    void int64AcceptsNumbersAndDecimalStringsAsProtobufJsonDoes() {
        Params p = json("{\"a\": 5, \"b\": \"-7\", \"c\": 1.0, \"d\": 9223372036854775807}");
        assertEquals(5L, p.int64("a"));
        assertEquals(-7L, p.int64("b"));
        assertEquals(1L, p.int64("c"));
        assertEquals(Long.MAX_VALUE, p.int64("d"));
        assertNull(p.int64("missing"));
    }

    @Test
    void int64RefusesFractionsOverflowAndOtherTypes() {
        Params p = json("{\"a\": 1.5, \"b\": 9223372036854775808, \"c\": \"x\", \"d\": true, \"e\": [1]}");
        for (String f : List.of("a", "b", "c", "d", "e")) {
            ApiException e = fails(() -> p.int64(f));
            assertEquals("INVALID_PARAMETER_VALUE", e.errorCode());
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("'" + f + "'"), e.getMessage());
        }
    }

    @Test
    void doublesIncludingNonFiniteSpellings() {
        Params p = json("{\"a\": 1.25, \"b\": \"NaN\", \"c\": \"-Infinity\", \"d\": NaN, \"e\": Infinity, \"f\": 3}");
        assertEquals(1.25, p.dbl("a"));
        assertTrue(Double.isNaN(p.dbl("b")));
        assertEquals(Double.NEGATIVE_INFINITY, p.dbl("c"));
        assertTrue(Double.isNaN(p.dbl("d")));
        assertEquals(Double.POSITIVE_INFINITY, p.dbl("e"));
        assertEquals(3.0, p.dbl("f"));
        assertEquals("INVALID_PARAMETER_VALUE", fails(() -> json("{\"v\": \"abc\"}").dbl("v")).errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", fails(() -> json("{\"v\": \"1e400\"}").dbl("v")).errorCode());
    }

    @Test
    void overflowingNumberLiteralIsRefusedNotStoredAsInfinity() {
        ApiException e = fails(() -> json("{\"value\": 1e400}"));
        assertEquals("INVALID_PARAMETER_VALUE", e.errorCode());
    }

    @Test
    void stringsMustBeStringsAndRequiredMeansNonEmpty() {
        Params p = json("{\"a\": 5, \"b\": \"\", \"c\": null, \"d\": \"x\"}");
        assertEquals("INVALID_PARAMETER_VALUE", fails(() -> p.string("a")).errorCode());
        assertTrue(fails(() -> p.requiredString("b")).getMessage().contains("Missing value for required parameter 'b'"));
        assertTrue(fails(() -> p.requiredString("c")).getMessage().contains("Missing value"));
        assertEquals("", p.requiredStringAllowEmpty("b"));
        assertEquals("x", p.requiredString("d"));
    }

    @Test
    void runIdFallsBackToRunUuid() {
        assertEquals("abc", json("{\"run_uuid\": \"abc\"}").runId());
        assertEquals("def", json("{\"run_id\": \"def\", \"run_uuid\": \"abc\"}").runId());
        assertTrue(fails(() -> json("{}").runId()).getMessage().contains("'run_id'"));
    }

    @Test
    void nestedObjectsReportTheirPath() {
        Params p = json("{\"metrics\": [{\"key\": \"k\", \"value\": 1}, {\"key\": 3}]}");
        List<Params> ms = p.objects("metrics");
        assertEquals("k", ms.get(0).requiredString("key"));
        ApiException e = fails(() -> ms.get(1).requiredString("key"));
        assertTrue(e.getMessage().contains("'metrics[1].key'"), e.getMessage());
        assertEquals("INVALID_PARAMETER_VALUE", fails(() -> json("{\"metrics\": {}}").objects("metrics")).errorCode());
        assertEquals("INVALID_PARAMETER_VALUE", fails(() -> json("{\"metrics\": [1]}").objects("metrics")).errorCode());
    }

    @Test
    void queryParametersConvertAndRepeat() {
        Params p = Params.ofQuery(Map.of("run_ids", List.of("a", "b"), "one", List.of("x"), "max_results", List.of("10"),
                "flag", List.of("true")));
        assertEquals(List.of("a", "b"), p.strings("run_ids"));
        assertEquals(List.of("x"), p.strings("one"));
        assertEquals(10, p.int32("max_results"));
        assertEquals(true, p.bool("flag"));
    }

    @Test
    void malformedBodiesAreMalformedRequests() {
        for (String body : List.of("{", "[1,2]", "\"x\"", "{\"a\":1} trailing", "{\"a\":1,\"a\":2}", "nul")) {
            ApiException e = fails(() -> json(body));
            assertEquals(400, e.status(), body);
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200; i++) deep.append("{\"a\":");
        ApiException e = fails(() -> json(deep.toString()));
        assertEquals(400, e.status());
    }

    @Test
    void emptyBodyIsEmptyObject() {
        assertTrue(!json("  ").has("x"));
    }
}
