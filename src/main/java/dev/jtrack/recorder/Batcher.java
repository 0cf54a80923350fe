package dev.jtrack.recorder;

import dev.jtrack.recorder.Journal.Stored;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.Param;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.validation.Validation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Groups journal entries into deliveries: consecutive LOG entries of one run become one
 * log-batch within MLflow's limits (1000 metrics, 100 params, 100 tags, 1000 in all); every other
 * entry is delivered alone. Order is kept: a delivery is always a prefix of what is pending.
 */
final class Batcher {

    private Batcher() {}

    /** One store call's worth of entries. */
    record Unit(List<Stored> entries) {
        Unit {
            entries = List.copyOf(entries);
        }

        JournalEntry first() {
            return entries.get(0).entry();
        }

        Stored last() {
            return entries.get(entries.size() - 1);
        }

        /** All metrics of the unit, in entry order. */
        List<Metric> metrics() {
            List<Metric> all = new ArrayList<>();
            entries.forEach(s -> all.addAll(s.entry().metricList()));
            return all;
        }

        List<Param> params() {
            List<Param> all = new ArrayList<>();
            entries.forEach(s -> all.addAll(s.entry().paramList()));
            return all;
        }

        List<RunTag> tags() {
            List<RunTag> all = new ArrayList<>();
            entries.forEach(s -> all.addAll(s.entry().tagList()));
            return all;
        }
    }

    /** The first delivery at the head of {@code pending} (which must not be empty). */
    static Unit next(List<Stored> pending) {
        Stored head = pending.get(0);
        if (head.entry().kind() != JournalEntry.Kind.LOG) {
            return new Unit(List.of(head));
        }
        String run = head.entry().run();
        List<Stored> taken = new ArrayList<>();
        int metrics = 0;
        int params = 0;
        int tags = 0;
        Set<String> paramKeys = new HashSet<>();
        Set<String> tagKeys = new HashSet<>();
        for (Stored s : pending) {
            JournalEntry e = s.entry();
            if (e.kind() != JournalEntry.Kind.LOG || !e.run().equals(run)) {
                break;
            }
            int m = e.metricList().size();
            int p = e.paramList().size();
            int t = e.tagList().size();
            boolean fits = metrics + m <= Validation.MAX_METRICS_PER_BATCH
                    && params + p <= Validation.MAX_PARAMS_TAGS_PER_BATCH
                    && tags + t <= Validation.MAX_PARAMS_TAGS_PER_BATCH
                    && metrics + m + params + p + tags + t <= Validation.MAX_ENTITIES_PER_BATCH;
            // A key twice in one batch is refused by MLflow (params) or ambiguous (tags): split.
            boolean distinct = e.paramList().stream().noneMatch(x -> paramKeys.contains(x.key()))
                    && e.tagList().stream().noneMatch(x -> tagKeys.contains(x.key()));
            if (!taken.isEmpty() && !(fits && distinct)) {
                break;
            }
            taken.add(s);
            metrics += m;
            params += p;
            tags += t;
            e.paramList().forEach(x -> paramKeys.add(x.key()));
            e.tagList().forEach(x -> tagKeys.add(x.key()));
        }
        return new Unit(taken);
    }
}
