package dev.jtrack.store.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity of the source with everything that belongs to it (a run with its params, tags,
 * metric history and inputs; a registered model with its versions and aliases; ...), written to
 * the destination in one transaction: after an interruption it is there entirely or not at all.
 * The first row is the entity's own; when it collides with a different destination row nothing
 * of the unit is written.
 */
final class Unit {
    /** A row of {@code table}: column name to value. */
    record Row(Table table, Map<String, Object> values) {
        Object get(String column) {
            return values.get(column);
        }
    }

    /** An artifact tree to copy once the unit is written: from the source's location to the destination's. */
    record Artifacts(String from, String to) {}

    final String description;
    final List<Row> rows = new ArrayList<>();
    final List<Artifacts> artifacts = new ArrayList<>();

    Unit(String description) {
        this.description = description;
    }

    /** Adds a row of {@code table} from alternating column names and values; returns its values. */
    Map<String, Object> add(Table table, Object... columnsAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            values.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        rows.add(new Row(table, values));
        return values;
    }

    Row head() {
        return rows.get(0);
    }
}
