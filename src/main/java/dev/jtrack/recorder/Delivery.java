package dev.jtrack.recorder;

import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.artifacts.ArtifactRepository;
import dev.jtrack.artifacts.HttpArtifactRepository;
import dev.jtrack.recorder.Batcher.Unit;
import dev.jtrack.recorder.Journal.RunRef;
import dev.jtrack.recorder.Journal.Stored;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Experiment;
import dev.jtrack.tracking.LifecycleStage;
import dev.jtrack.tracking.Metric;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.Run;
import dev.jtrack.tracking.RunTag;
import dev.jtrack.tracking.TrackingStore;
import dev.jtrack.tracking.ViewType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out one {@link Unit} against the store. Every delivery may be repeated after a crash
 * or a lost answer, so each is made idempotent where it may already have happened
 * ({@code maybeSent}): a run is first looked up by its {@value #RUN_KEY_TAG} tag, metric points
 * already in the run's history are not sent again; params (same value), tags, end-run and
 * artifact uploads are idempotent by nature.
 */
final class Delivery implements AutoCloseable {

    /** The tag holding the client-side run key, used to find a run whose creation may have happened. */
    static final String RUN_KEY_TAG = "jtrack.runKey";

    /** One entry the store refused. */
    record Failure(JournalEntry entry, String error) {}

    private final TrackingStore store;
    private final ArtifactTargets artifacts;
    private final Map<String, String> experimentIds = new HashMap<>();
    private final Map<String, ArtifactRepository> repositories = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArtifactRepository> eldest) {
            if (size() > 16) {
                if (eldest.getValue() instanceof HttpArtifactRepository h) {
                    h.close();
                }
                return true;
            }
            return false;
        }
    };

    Delivery(TrackingStore store, ArtifactTargets artifacts) {
        this.store = store;
        this.artifacts = artifacts;
    }

    /**
     * Delivers the unit; returns the entries the store refused (empty when all went in).
     *
     * @throws Unreachable when the store must be retried later (nothing is marked)
     */
    List<Failure> deliver(Journal journal, Unit unit, boolean maybeSent) throws Unreachable {
        try {
            deliverOnce(journal, unit, maybeSent);
            return List.of();
        } catch (Refused r) {
            if (unit.entries().size() == 1) {
                return List.of(new Failure(unit.first(), r.getMessage()));
            }
            // One bad entry must not take good ones with it: deliver them one by one.
            List<Failure> failures = new ArrayList<>();
            for (Stored s : unit.entries()) {
                try {
                    deliverOnce(journal, new Unit(List.of(s)), true);
                } catch (Refused single) {
                    failures.add(new Failure(s.entry(), single.getMessage()));
                }
            }
            return failures;
        }
    }

    private void deliverOnce(Journal journal, Unit unit, boolean maybeSent) throws Refused, Unreachable {
        try {
            JournalEntry first = unit.first();
            switch (first.kind()) {
                case CREATE_RUN -> createRun(journal, first, maybeSent);
                case RESUME_RUN -> resumeRun(journal, first);
                case LOG -> log(journal, unit, maybeSent);
                case ARTIFACT -> upload(journal, first);
                case END_RUN -> store.updateRun(runId(journal, first), first.status(), first.time(), null);
            }
        } catch (Refused | Unreachable e) {
            throw e;
        } catch (Exception e) {
            Exception c = Failures.classify(e);
            if (c instanceof Unreachable u) {
                throw u;
            }
            throw (Refused) c;
        }
    }

    private void createRun(Journal journal, JournalEntry e, boolean maybeSent) throws Refused {
        if (journal.run(e.run()) != null) {
            return; // created and recorded before a crash cut the delivery mark
        }
        String experimentId = experimentId(e.experiment());
        if (maybeSent) {
            Page<Run> found = store.searchRuns(List.of(experimentId),
                    "tags.`" + RUN_KEY_TAG + "` = '" + e.run() + "'", ViewType.ALL, 1, null, null);
            if (!found.items().isEmpty()) {
                Run r = found.items().get(0);
                journal.recordRunUnchecked(new RunRef(e.run(), r.info().runId(), experimentId, r.info().artifactUri()));
                return;
            }
        }
        List<RunTag> tags = new ArrayList<>(e.tagList());
        tags.add(new RunTag(RUN_KEY_TAG, e.run()));
        if (e.parent() != null) {
            RunRef parent = journal.run(e.parent());
            if (parent == null) {
                throw new Refused("parent run " + e.parent() + " was never created in the store", null);
            }
            tags.add(new RunTag("mlflow.parentRunId", parent.runId()));
        }
        String user = e.tagList().stream().filter(t -> t.key().equals("mlflow.user")).map(RunTag::value)
                .findFirst().orElse(null);
        Run r = store.createRun(experimentId, user, e.time(), tags, e.runName());
        journal.recordRunUnchecked(new RunRef(e.run(), r.info().runId(), experimentId, r.info().artifactUri()));
    }

    /** Idempotent: looks the run up, marks it RUNNING and sets the tags. */
    private void resumeRun(Journal journal, JournalEntry e) throws Refused {
        Run r = store.getRun(e.runId());
        if (r.info().lifecycleStage() == LifecycleStage.DELETED) {
            throw new Refused("run " + e.runId() + " (MLFLOW_RUN_ID) is deleted; restore it or unset MLFLOW_RUN_ID", null);
        }
        store.updateRun(e.runId(), dev.jtrack.tracking.RunStatus.RUNNING, null, null);
        if (!e.tagList().isEmpty()) {
            store.logBatch(e.runId(), List.of(), List.of(), e.tagList());
        }
        if (journal.run(e.run()) == null) {
            journal.recordRunUnchecked(new RunRef(e.run(), e.runId(), r.info().experimentId(), r.info().artifactUri()));
        }
    }

    private String experimentId(String name) throws Refused {
        String n = name == null || name.isBlank() ? Experiment.DEFAULT_EXPERIMENT_NAME : name;
        String cached = experimentIds.get(n);
        if (cached != null) {
            return cached;
        }
        Experiment found;
        try {
            found = store.getExperimentByName(n);
        } catch (MlflowException missing) {
            if (missing.errorCode() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw missing;
            }
            try {
                store.createExperiment(n, null, List.of());
            } catch (MlflowException raced) {
                if (raced.errorCode() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                    throw raced;
                }
            }
            found = store.getExperimentByName(n);
        }
        if (found.lifecycleStage() == LifecycleStage.DELETED) {
            throw new Refused("experiment '" + n + "' is deleted; restore it or use another name", null);
        }
        experimentIds.put(n, found.experimentId());
        return found.experimentId();
    }

    private static String runId(Journal journal, JournalEntry e) throws Refused {
        RunRef ref = journal.run(e.run());
        if (ref == null) {
            throw new Refused("run " + e.run() + " was never created in the store", null);
        }
        return ref.runId();
    }

    private void log(Journal journal, Unit unit, boolean maybeSent) throws Refused {
        String runId = runId(journal, unit.first());
        Unit toSend = maybeSent ? withoutDelivered(runId, unit) : unit;
        if (toSend.entries().isEmpty()) {
            return;
        }
        store.logBatch(runId, toSend.metrics(), toSend.params(), toSend.tags());
    }

    /**
     * Drops the entries whose metric points are all in the run's history already: they were
     * delivered before the answer was lost. Entries without metrics are idempotent and kept.
     */
    private Unit withoutDelivered(String runId, Unit unit) {
        Map<String, List<Metric>> history = new HashMap<>();
        List<Stored> keep = new ArrayList<>();
        for (Stored s : unit.entries()) {
            List<Metric> ms = s.entry().metricList();
            boolean allThere = !ms.isEmpty() && ms.stream().allMatch(m -> history
                    .computeIfAbsent(m.key(), k -> store.getMetricHistory(runId, k, null, null).items())
                    .contains(m));
            if (!allThere) {
                keep.add(s);
            }
        }
        return new Unit(keep);
    }

    private void upload(Journal journal, JournalEntry e) throws Exception {
        RunRef ref = journal.run(e.run());
        if (ref == null) {
            throw new Refused("run " + e.run() + " was never created in the store", null);
        }
        ArtifactRepository repo = repositories.get(ref.artifactUri());
        if (repo == null) {
            repo = artifacts.forUri(ref.artifactUri());
            repositories.put(ref.artifactUri(), repo);
        }
        repo.write(e.artifactPath(), journal.blob(e.blob()));
    }

    @Override
    public void close() {
        repositories.values().forEach(r -> {
            if (r instanceof HttpArtifactRepository h) {
                h.close();
            }
        });
        repositories.clear();
    }
}
