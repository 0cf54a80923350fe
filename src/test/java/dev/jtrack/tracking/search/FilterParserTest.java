package dev.jtrack.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParserTest {

    private static List<Comparison> runs(String f) {
        return FilterParser.parse(f, SearchGrammar.RUNS);
    }

    @Test
    void parsesEachKeyType() {
        assertEquals(List.of(new Comparison(KeyType.METRIC, "acc", Comparator.GT, 0.5)), runs("metrics.acc > 0.5"));
        assertEquals(List.of(new Comparison(KeyType.PARAM, "lr", Comparator.EQ, "0.1")), runs("params.lr = '0.1'"));
        assertEquals(List.of(new Comparison(KeyType.TAG, "my key", Comparator.LIKE, "a%")), runs("tags.\"my key\" LIKE 'a%'"));
        assertEquals(List.of(new Comparison(KeyType.TAG, "k-1.x", Comparator.ILIKE, "A")), runs("tags.`k-1.x` ilike \"A\""));
        assertEquals(List.of(new Comparison(KeyType.ATTRIBUTE, "status", Comparator.NE, "FAILED")), runs("attributes.status != 'FAILED'"));
        assertEquals(List.of(new Comparison(KeyType.ATTRIBUTE, "status", Comparator.EQ, "X")), runs("status = 'X'"));
        assertEquals(List.of(new Comparison(KeyType.ATTRIBUTE, "start_time", Comparator.GE, 5.0)), runs("attribute.created >= 5"));
        assertEquals(List.of(new Comparison(KeyType.ATTRIBUTE, "run_id", Comparator.IN, List.of("a", "b"))),
                runs("run_id IN ('a', \"b\")"));
        assertEquals(List.of(new Comparison(KeyType.ATTRIBUTE, "run_id", Comparator.NOT_IN, List.of("a"))),
                runs("attributes.run_id not  in ('a')"));
        assertEquals(List.of(new Comparison(KeyType.DATASET, "context", Comparator.EQ, "training")),
                runs("datasets.context = 'training'"));
        assertEquals(List.of(new Comparison(KeyType.METRIC, "a.b", Comparator.LE, -1.5e-3)), runs("metric.a.b<=-1.5e-3"));
        assertEquals(List.of(new Comparison(KeyType.PARAM, "p", Comparator.EQ, "it's")), runs("param.p = 'it''s'"));
        assertEquals(List.of(new Comparison(KeyType.PARAM, "p", Comparator.EQ, "it's")), runs("param.p = 'it\\'s'"));
    }

    @Test
    void joinsWithAnd() {
        List<Comparison> c = runs("metrics.a > 1 AND params.b = 'x' and tags.c != 'y'   AND status='RUNNING'");
        assertEquals(4, c.size());
        assertEquals(KeyType.ATTRIBUTE, c.get(3).type());
    }

    @Test
    void blankMeansNoCondition() {
        assertEquals(List.of(), runs(null));
        assertEquals(List.of(), runs("   "));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "metrics.acc", "metrics.acc >", "metrics.acc > 'x'", "metrics.acc LIKE 1", "params.p > 'a'", "params.p = 1",
        "tags.t IN ('a')", "foo.bar = 1", "attributes.unknown = 'x'", "unknown = 'x'", "metrics.a > 1 OR metrics.b < 2",
        "metrics.a > 1 AND", "AND metrics.a > 1", "(metrics.a > 1)", "metrics.a == 1", "metrics.a <> 1", "metrics. = 1",
        "metrics.`` = 1", "params.p = 'unterminated", "params.p = \"unterminated", "run_id IN ()", "run_id IN ('a'",
        "run_id IN ('a' 'b')", "run_id IN 'a'", "status IN ('a')", "start_time = 'x'", "start_time LIKE '1'",
        "datasets.nope = 'x'", "datasets.name > 'x'", "metrics.a > 1e", "metrics.a > 1x", "metrics.a > 1e999",
        "metrics.a > 1 metrics.b > 2", "\"metrics.a\" > 1", "metrics.a NOT LIKE 'x'", "params.p = 'a' ; DROP TABLE runs",
        "experiment_id = '0'", "metrics.a > --1", "params.p != NULL"
    })
    void rejects(String filter) {
        MlflowException e = assertThrows(MlflowException.class, () -> runs(filter));
        assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.errorCode());
        assertTrue(e.getMessage().contains("position"), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void messageNamesPositionAndExpectation() {
        MlflowException e = assertThrows(MlflowException.class, () -> runs("metrics.acc > 1 AND params.p > 'x'"));
        assertTrue(e.getMessage().contains("position 29"), e.getMessage());
        assertTrue(e.getMessage().contains("=, !=, LIKE, ILIKE"), e.getMessage());
        MlflowException or = assertThrows(MlflowException.class, () -> runs("metrics.a > 1 OR metrics.b > 1"));
        assertTrue(or.getMessage().contains("OR is not supported"), or.getMessage());
    }

    @Test
    void boundsTermCount() {
        StringBuilder ok = new StringBuilder("metrics.m0 > 0");
        for (int i = 1; i < FilterParser.MAX_TERMS; i++) {
            ok.append(" AND metrics.m").append(i).append(" > 0");
        }
        assertEquals(FilterParser.MAX_TERMS, runs(ok.toString()).size());
        assertThrows(MlflowException.class, () -> runs(ok + " AND metrics.x > 0"));
    }

    @Test
    void otherGrammars() {
        assertEquals(2, FilterParser.parse("name LIKE 'x%' AND tags.k = 'v'", SearchGrammar.EXPERIMENTS).size());
        assertEquals(1, FilterParser.parse("creation_time > 5", SearchGrammar.EXPERIMENTS).size());
        assertThrows(MlflowException.class, () -> FilterParser.parse("params.x = 'v'", SearchGrammar.EXPERIMENTS));
        assertEquals(1, FilterParser.parse("name = 'm'", SearchGrammar.REGISTERED_MODELS).size());
        assertThrows(MlflowException.class, () -> FilterParser.parse("name > 'm'", SearchGrammar.REGISTERED_MODELS));
        assertEquals(3, FilterParser.parse("name = 'm' AND run_id IN ('a') AND version_number >= 2", SearchGrammar.MODEL_VERSIONS).size());
        assertThrows(MlflowException.class, () -> FilterParser.parse("source_path IN ('a')", SearchGrammar.MODEL_VERSIONS));
    }

    @Test
    void randomInputsOnlyEverFailWithInvalidParameter() {
        java.util.Random r = new java.util.Random(42);
        String alphabet = "metricsparamstagsattributes.`\"'()=!<>, ANDORINLIKE0123456789-e%_\\ \t";
        for (int i = 0; i < 20_000; i++) {
            int len = r.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            try {
                runs(sb.toString());
            } catch (MlflowException e) {
                assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.errorCode(), sb::toString);
            }
        }
    }

    @Test
    void traceSearchHasRlikePresenceAndAssessmentTerms() {
        assertEquals(List.of(new Comparison(KeyType.TAG, "env", Comparator.IS_NULL, null),
                new Comparison(KeyType.METADATA, "team", Comparator.IS_NOT_NULL, null),
                new Comparison(KeyType.TAG, "env", Comparator.RLIKE, "^pr")),
                FilterParser.parse("tag.env IS NULL AND metadata.team is  not null AND tags.env rlike '^pr'", SearchGrammar.TRACES));
        assertEquals(List.of(new Comparison(KeyType.FEEDBACK, "score", Comparator.GE, 0.5),
                new Comparison(KeyType.EXPECTATION, "answer", Comparator.EQ, "42"),
                new Comparison(KeyType.FEEDBACK, "helpful", Comparator.IS_NULL, null)),
                FilterParser.parse("feedback.score >= 0.5 AND expectation.answer = '42' AND feedback.helpful IS NULL", SearchGrammar.TRACES));
        assertEquals(List.of(new Comparison(KeyType.SPAN, "attributes.model", Comparator.RLIKE, "^gpt")),
                FilterParser.parse("span.attributes.model RLIKE '^gpt'", SearchGrammar.TRACES));
        for (String bad : List.of("tag.env IS 'x'", "tag.env IS NOT", "feedback.score IN ('1')", "feedback.score > '1'",
                "trace.status IS NULL", "span.name IS NULL", "span.attributes.model = 'x'", "span.attributes. LIKE 'x'")) {
            MlflowException e = assertThrows(MlflowException.class, () -> FilterParser.parse(bad, SearchGrammar.TRACES), bad);
            assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.errorCode(), bad);
        }
    }

    @Test
    void otherSearchesKnowNoTraceOperators() {
        for (String bad : List.of("tags.k IS NULL", "tags.k RLIKE 'a'", "params.p is not null")) {
            MlflowException e = assertThrows(MlflowException.class, () -> runs(bad), bad);
            assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.errorCode(), bad);
            assertTrue(e.getMessage().contains("comparison operator"), e.getMessage());
        }
        assertThrows(MlflowException.class, () -> FilterParser.parse("feedback.x = '1'", SearchGrammar.RUNS));
    }
}
