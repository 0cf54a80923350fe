package dev.jtrack.store.importer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an import found and did, per kind of entity: how many the source has, how many of those the
 * destination holds now (copied earlier or now), how many this run copied; plus the collisions
 * (destination rows with a source id and other content, left as they were) and artifact locations
 * that could not be read.
 */
public final class ImportSummary {
    private static final String ARTIFACT_FILES = "artifact files";

    private final Map<Table, long[]> counts = new EnumMap<>(Table.class);
    private final long[] artifacts = new long[3];
    private final List<String> collisions = new ArrayList<>();
    private final List<String> unreachable = new ArrayList<>();

    void add(Unit unit, JtrackDestination.Result result) {
        for (Unit.Row row : unit.rows) {
            long[] c = counts.computeIfAbsent(row.table(), t -> new long[3]);
            c[0]++;
            JtrackDestination.Outcome o = result.rows().get(row);
            if (o == JtrackDestination.Outcome.INSERTED) {
                c[1]++;
                c[2]++;
            } else if (o == JtrackDestination.Outcome.PRESENT) {
                c[1]++;
            }
        }
        if (result.collided()) {
            collisions.add(result.collision());
        }
    }

    /** A unit not imported because its experiment collided. */
    void skipped(Unit unit) {
        for (Unit.Row row : unit.rows) {
            counts.computeIfAbsent(row.table(), t -> new long[3])[0]++;
        }
    }

    void artifact(boolean copied) {
        artifacts[0]++;
        artifacts[1]++;
        if (copied) {
            artifacts[2]++;
        }
    }

    void unreachable(String what) {
        unreachable.add(what);
    }

    /** Source count, destination count and copied-now count of the summary row named {@code kind}. */
    public long[] counts(String kind) {
        if (kind.equals(ARTIFACT_FILES)) {
            return artifacts.clone();
        }
        for (Table t : Table.values()) {
            if (kind.equals(t.summaryName)) {
                long[] c = counts.get(t);
                return c == null ? new long[3] : c.clone();
            }
        }
        throw new IllegalArgumentException("no summary row " + kind);
    }

    /** Source ids found in the destination with other content (left untouched). */
    public List<String> collisions() {
        return Collections.unmodifiableList(collisions);
    }

    /** Artifact locations that could not be read or written. */
    public List<String> unreachableArtifacts() {
        return Collections.unmodifiableList(unreachable);
    }

    /** True when the destination holds everything the source has. */
    public boolean complete() {
        if (!collisions.isEmpty() || !unreachable.isEmpty()) {
            return false;
        }
        return counts.values().stream().allMatch(c -> c[0] == c[1]);
    }

    /** The table printed at the end of an import. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-24s %10s %12s %12s%n", "", "source", "destination", "copied now"));
        for (Table t : Table.values()) {
            if (t.summaryName != null) {
                long[] c = counts.getOrDefault(t, new long[3]);
                out.append(String.format("%-24s %10d %12d %12d%n", t.summaryName, c[0], c[1], c[2]));
            }
        }
        out.append(String.format("%-24s %10d %12d %12d%n", ARTIFACT_FILES, artifacts[0], artifacts[1], artifacts[2]));
        for (String c : collisions) {
            out.append("collision (left as it is in the destination): ").append(c).append('\n');
        }
        for (String u : unreachable) {
            out.append("artifacts not copied: ").append(u).append('\n');
        }
        return out.toString();
    }
}
