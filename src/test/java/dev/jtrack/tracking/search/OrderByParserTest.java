package dev.jtrack.tracking.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtrack.tracking.MlflowException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderByParserTest {

    @Test
    void parsesClauses() {
        assertEquals(List.of(
                        new OrderBy(KeyType.METRIC, "rmse", true),
                        new OrderBy(KeyType.PARAM, "a b", false),
                        new OrderBy(KeyType.ATTRIBUTE, "start_time", false),
                        new OrderBy(KeyType.TAG, "t", true),
                        new OrderBy(KeyType.ATTRIBUTE, "experiment_id", true)),
                OrderByParser.parse(List.of("metrics.rmse", "params.`a b` desc", "attributes.created DESC", "tags.\"t\" ASC",
                        "experiment_id"), SearchGrammar.RUNS));
        assertEquals(new OrderBy(KeyType.ATTRIBUTE, "last_updated_timestamp", false),
                OrderByParser.parseOne("timestamp DESC", SearchGrammar.REGISTERED_MODELS));
        assertEquals(new OrderBy(KeyType.ATTRIBUTE, "experiment_id", true),
                OrderByParser.parseOne("experiment_id", SearchGrammar.EXPERIMENTS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "metrics.a SIDEWAYS", "nope", "foo.bar", "datasets.name", "metrics.a ASC DESC", "metrics."})
    void rejects(String clause) {
        assertThrows(MlflowException.class, () -> OrderByParser.parseOne(clause, SearchGrammar.RUNS));
    }
}
