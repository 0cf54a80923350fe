package dev.jtrack.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Reading MLflow scoring payloads and writing predictions. */
class ScoringTest {
    private final Scoring typed = new Scoring(new ModelSignature(
            List.of(ColSpec.of("a", "double"), ColSpec.of("b", "string")), null));
    private final Scoring untyped = new Scoring(null);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void check(Table t) {
        assertEquals(List.of("a", "b"), t.columnNames());
        assertEquals(ColumnType.DOUBLE, t.column("a").type());
        assertEquals(2, t.rowCount());
        assertEquals(1.0, t.doubleColumn("a").get(0));
        assertEquals("y", t.stringColumn("b").get(1));
    }

    @Test
    void allFourJsonFormsAndCsvGiveTheSameTable() {
        check(typed.parseJson(b("{\"dataframe_split\": {\"columns\": [\"a\",\"b\"], \"data\": [[1, \"x\"], [2.5, \"y\"]]}}")));
        check(typed.parseJson(b("{\"dataframe_records\": [{\"a\": 1, \"b\": \"x\"}, {\"a\": 2.5, \"b\": \"y\"}]}")));
        check(typed.parseJson(b("{\"instances\": [{\"a\": 1, \"b\": \"x\"}, {\"a\": 2.5, \"b\": \"y\"}]}")));
        check(typed.parseJson(b("{\"inputs\": {\"a\": [1, 2.5], \"b\": [\"x\", \"y\"]}}")));
        check(typed.parseJson(b("{\"inputs\": [[1, \"x\"], [2.5, \"y\"]]}")));
        check(typed.parseJson(b("{\"dataframe_split\": {\"data\": [[1, \"x\"], [2.5, \"y\"]]}}")));
        check(typed.parseCsv(b("a,b\r\n1,x\r\n2.5,\"y\"\r\n")));
    }

    @Test
    void withoutSignatureTypesComeFromValues() {
        Table t = untyped.parseJson(b("{\"instances\": [[1, 2], [3, 4.5]]}"));
        assertEquals(List.of("0", "1"), t.columnNames());
        assertEquals(ColumnType.LONG, t.column("0").type());
        assertEquals(ColumnType.DOUBLE, t.column("1").type());
        Table c = untyped.parseCsv(b("n,s\n1,hello\n2,\"a,b\"\n"));
        assertEquals("a,b", c.stringColumn("s").get(1));
    }

    @Test
    void badPayloadsSayWhatIsWrong() {
        assertMessage("valid JSON", () -> typed.parseJson(b("{nope")));
        assertMessage("exactly one of the keys", () -> typed.parseJson(b("{\"data\": []}")));
        assertMessage("exactly one of the keys", () -> typed.parseJson(b("{\"inputs\": [], \"instances\": []}")));
        assertMessage("missing inputs [b]", () -> typed.parseJson(b("{\"dataframe_records\": [{\"a\": 1}]}")));
        assertMessage("expects numbers", () -> typed.parseJson(b("{\"dataframe_records\": [{\"a\": \"z\", \"b\": \"x\"}]}")));
        assertMessage("row 1", () -> typed.parseJson(b("{\"dataframe_split\": {\"columns\": [\"a\",\"b\"], \"data\": [[1,\"x\"],[2]]}}")));
        assertMessage("same length", () -> typed.parseJson(b("{\"inputs\": {\"a\": [1, 2], \"b\": [\"x\"]}}")));
        assertMessage("line 3", () -> typed.parseCsv(b("a,b\n1,x\n2\n")));
        assertMessage("quoted", () -> typed.parseCsv(b("a,b\n1,\"x\n")));
        assertMessage("empty", () -> typed.parseCsv(b("")));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        ScoringException ex = assertThrows(ScoringException.class, e);
        assertTrue(ex.getMessage().contains(part), ex.getMessage());
    }

    @Test
    void predictionsAreAListForOneColumnAndRecordsForMore() {
        assertEquals("{\"predictions\":[\"a\",\"b\"]}",
                Scoring.predictionsJson(Table.create("p", StringColumn.create("prediction", "a", "b"))));
        assertEquals("{\"predictions\":[{\"p\":0.25,\"q\":0.75}]}", Scoring.predictionsJson(
                Table.create("p", DoubleColumn.create("p", 0.25), DoubleColumn.create("q", 0.75))));
    }
}
