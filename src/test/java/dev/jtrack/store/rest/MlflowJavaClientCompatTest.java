package dev.jtrack.store.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.RunsPage;

/**
 * The official MLflow Java client ({@code org.mlflow:mlflow-client:2.17.2}) against a real jtrack
 * server on loopback (in-process, SQLite store in a temp directory). Everything the client offers
 * except artifacts (its artifact calls shell out to the Python {@code mlflow} CLI).
 */
class MlflowJavaClientCompatTest {

    @TempDir
    static Path dir;

    private static ServerFixture server;
    private static MlflowClient client;

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.start(dir);
        client = new MlflowClient(server.uri());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static MlflowHttpException httpError(Runnable call) {
        return assertThrows(MlflowHttpException.class, call::run);
    }

    // ----- experiments -----

    @Test
    void experimentLifecycle() {
        String name = unique("exp");
        String id = client.createExperiment(name);
        Experiment e = client.getExperiment(id);
        assertEquals(name, e.getName());
        assertEquals("active", e.getLifecycleStage());
        assertFalse(e.getArtifactLocation().isEmpty());
        assertTrue(e.getCreationTime() > 0);
        assertEquals(id, client.getExperimentByName(name).orElseThrow().getExperimentId());
        assertTrue(client.getExperimentByName(unique("absent")).isEmpty());

        MlflowHttpException dup = httpError(() -> client.createExperiment(name));
        assertEquals(400, dup.getStatusCode());
        assertTrue(dup.getBodyMessage().contains("RESOURCE_ALREADY_EXISTS"), dup.getBodyMessage());

        client.setExperimentTag(id, "team", "vision");
        client.setExperimentTag(id, "team", "nlp");
        Map<String, String> tags = client.getExperiment(id).getTagsList().stream()
                .collect(Collectors.toMap(Service.ExperimentTag::getKey, Service.ExperimentTag::getValue));
        assertEquals("nlp", tags.get("team"));

        String renamed = unique("renamed");
        client.renameExperiment(id, renamed);
        assertEquals(renamed, client.getExperiment(id).getName());
        assertTrue(client.getExperimentByName(name).isEmpty());

        client.deleteExperiment(id);
        assertEquals("deleted", client.getExperiment(id).getLifecycleStage());
        String filter = "name = '" + renamed + "'";
        assertEquals(0, client.searchExperiments(filter).getItems().size());
        assertEquals(1, client.searchExperiments(filter, ViewType.DELETED_ONLY, 10, List.of()).getItems().size());
        client.restoreExperiment(id);
        assertEquals("active", client.getExperiment(id).getLifecycleStage());
        assertEquals(1, client.searchExperiments(filter).getItems().size());

        MlflowHttpException missing = httpError(() -> client.getExperiment("987654321"));
        assertEquals(404, missing.getStatusCode());
        assertTrue(missing.getBodyMessage().contains("RESOURCE_DOES_NOT_EXIST"));
    }

    @Test
    void experimentCreateWithTagsAndArtifactLocation() {
        String name = unique("tagged");
        String id = client.createExperiment(Service.CreateExperiment.newBuilder()
                .setName(name)
                .setArtifactLocation(dir.resolve("custom-artifacts").toUri().toString())
                .addTags(Service.ExperimentTag.newBuilder().setKey("k").setValue("v"))
                .build());
        Experiment e = client.getExperiment(id);
        assertEquals("v", e.getTags(0).getValue());
        assertTrue(e.getArtifactLocation().contains("custom-artifacts"), e.getArtifactLocation());
    }

    @Test
    void experimentSearchPagesAndOrders() {
        String prefix = unique("page");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            names.add(prefix + "-" + i);
            client.createExperiment(prefix + "-" + i);
        }
        ExperimentsPage page = client.searchExperiments("name LIKE '" + prefix + "%'", ViewType.ACTIVE_ONLY, 2,
                List.of("name DESC"));
        List<String> seen = new ArrayList<>();
        for (int guard = 0; guard < 10; guard++) {
            assertTrue(page.getItems().size() <= 2);
            page.getItems().forEach(x -> seen.add(x.getName()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (ExperimentsPage) page.getNextPage();
        }
        List<String> expected = new ArrayList<>(names);
        expected.sort(java.util.Comparator.reverseOrder());
        assertEquals(expected, seen);
    }

    // ----- runs -----

    private static RunInfo newRun(String experimentId, String name) {
        return client.createRun(CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(name)
                .setStartTime(1_700_000_000_000L)
                .setUserId("alice")
                .addTags(RunTag.newBuilder().setKey("mlflow.source.type").setValue("NOTEBOOK"))
                .build());
    }

    @Test
    void runLifecycleParamsMetricsTags() {
        String exp = client.createExperiment(unique("runs"));
        RunInfo info = newRun(exp, "first");
        String runId = info.getRunId();
        assertEquals(32, runId.length());
        assertEquals(RunStatus.RUNNING, info.getStatus());
        assertEquals("first", info.getRunName());
        assertEquals("alice", info.getUserId());
        assertEquals(1_700_000_000_000L, info.getStartTime());

        client.logParam(runId, "lr", "0.01");
        client.logParam(runId, "lr", "0.01"); // same value again is fine
        MlflowHttpException changed = httpError(() -> client.logParam(runId, "lr", "0.02"));
        assertEquals(400, changed.getStatusCode());
        assertTrue(changed.getBodyMessage().contains("INVALID_PARAMETER_VALUE"));

        client.logMetric(runId, "loss", 0.9, 1000, 0);
        client.logMetric(runId, "loss", 0.5, 1001, 1);
        client.logMetric(runId, "loss", 0.25, 1002, 2);
        client.logMetric(runId, "odd", Double.NaN, 1000, 0);
        client.logMetric(runId, "odd", Double.POSITIVE_INFINITY, 1000, 1);
        client.logMetric(runId, "odd", Double.NEGATIVE_INFINITY, 1000, 2);
        client.setTag(runId, "stage", "dev");
        client.setTag(runId, "gone", "soon");
        client.deleteTag(runId, "gone");

        Run run = client.getRun(runId);
        Map<String, String> params = run.getData().getParamsList().stream()
                .collect(Collectors.toMap(Param::getKey, Param::getValue));
        assertEquals(Map.of("lr", "0.01"), params);
        Map<String, Double> latest = run.getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, Metric::getValue));
        assertEquals(0.25, latest.get("loss"));
        assertEquals(Double.NEGATIVE_INFINITY, latest.get("odd"));
        Map<String, String> tags = run.getData().getTagsList().stream()
                .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
        assertEquals("dev", tags.get("stage"));
        assertEquals("NOTEBOOK", tags.get("mlflow.source.type"));
        assertEquals("first", tags.get("mlflow.runName"));
        assertFalse(tags.containsKey("gone"));

        List<Metric> history = client.getMetricHistory(runId, "loss");
        assertEquals(List.of(0.9, 0.5, 0.25), history.stream().map(Metric::getValue).toList());
        assertEquals(List.of(0L, 1L, 2L), history.stream().map(Metric::getStep).toList());
        assertEquals(List.of(1000L, 1001L, 1002L), history.stream().map(Metric::getTimestamp).toList());
        List<Metric> odd = client.getMetricHistory(runId, "odd");
        assertTrue(Double.isNaN(odd.get(0).getValue()));
        assertEquals(Double.POSITIVE_INFINITY, odd.get(1).getValue());

        client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_100_000L);
        RunInfo done = client.getRun(runId).getInfo();
        assertEquals(RunStatus.FINISHED, done.getStatus());
        assertEquals(1_700_000_100_000L, done.getEndTime());

        client.deleteRun(runId);
        assertEquals("deleted", client.getRun(runId).getInfo().getLifecycleStage());
        client.restoreRun(runId);
        assertEquals("active", client.getRun(runId).getInfo().getLifecycleStage());

        MlflowHttpException missing = httpError(() -> client.getRun("0123456789abcdef0123456789abcdef"));
        assertEquals(404, missing.getStatusCode());
        assertTrue(missing.getBodyMessage().contains("RESOURCE_DOES_NOT_EXIST"));
    }

    @Test
    void defaultCreateRunAndSetTerminated() {
        String exp = client.createExperiment(unique("plain"));
        RunInfo info = client.createRun(exp);
        assertEquals(exp, info.getExperimentId());
        assertTrue(info.getStartTime() > 0);
        client.setTerminated(info.getRunId());
        RunInfo done = client.getRun(info.getRunId()).getInfo();
        assertEquals(RunStatus.FINISHED, done.getStatus());
        assertTrue(done.getEndTime() >= done.getStartTime());
    }

    @Test
    void logBatchStoresEverything() {
        String exp = client.createExperiment(unique("batch"));
        String runId = newRun(exp, "b").getRunId();
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            metrics.add(Metric.newBuilder().setKey("m").setValue(i * 0.5).setTimestamp(5000 + i).setStep(i).build());
        }
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            params.add(Param.newBuilder().setKey("p" + i).setValue("v" + i).build());
        }
        client.logBatch(runId, metrics.subList(0, 900), params,
                List.of(RunTag.newBuilder().setKey("t").setValue("x").build()));
        client.logBatch(runId, metrics.subList(900, 1000), List.of(), List.of());
        Run run = client.getRun(runId);
        assertEquals(50, run.getData().getParamsCount());
        assertEquals(499.5, run.getData().getMetrics(0).getValue());
        List<Metric> history = client.getMetricHistory(runId, "m");
        assertEquals(1000, history.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, history.get(i).getStep());
            assertEquals(i * 0.5, history.get(i).getValue());
        }
        MlflowHttpException tooMany = httpError(() -> client.logBatch(runId,
                java.util.Collections.nCopies(1001, metrics.get(0)), List.of(), List.of()));
        assertEquals(400, tooMany.getStatusCode());
        assertTrue(tooMany.getBodyMessage().contains("INVALID_PARAMETER_VALUE"), tooMany.getBodyMessage());
    }

    @Test
    void runSearchFiltersOrdersAndPages() {
        String exp = client.createExperiment(unique("search"));
        for (int i = 0; i < 7; i++) {
            String runId = newRun(exp, "r" + i).getRunId();
            client.logBatch(runId,
                    List.of(Metric.newBuilder().setKey("acc").setValue(i / 10.0).setTimestamp(1).setStep(0).build()),
                    List.of(Param.newBuilder().setKey("model").setValue(i % 2 == 0 ? "cnn" : "rnn").build()),
                    List.of(RunTag.newBuilder().setKey("parity").setValue(i % 2 == 0 ? "even" : "odd").build()));
        }
        RunsPage all = client.searchRuns(List.of(exp), "", ViewType.ACTIVE_ONLY, 100);
        assertEquals(7, all.getItems().size());

        RunsPage filtered = client.searchRuns(List.of(exp),
                "metrics.acc >= 0.2 and params.model = 'cnn' and tags.parity != 'odd'",
                ViewType.ACTIVE_ONLY, 100, List.of("metrics.acc DESC"));
        assertEquals(List.of("r6", "r4", "r2"),
                filtered.getItems().stream().map(r -> r.getInfo().getRunName()).toList());

        List<String> paged = new ArrayList<>();
        RunsPage page = client.searchRuns(List.of(exp), "attributes.status = 'RUNNING'", ViewType.ACTIVE_ONLY, 3,
                List.of("attributes.run_name ASC"));
        for (int guard = 0; guard < 10; guard++) {
            page.getItems().forEach(r -> paged.add(r.getInfo().getRunName()));
            if (!page.hasNextPage()) {
                break;
            }
            page = (RunsPage) page.getNextPage();
        }
        assertEquals(List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6"), paged);

        List<RunInfo> infos = client.searchRuns(List.of(exp), "params.model LIKE 'r%'");
        assertEquals(3, infos.size());
        Set<String> ids = new HashSet<>();
        infos.forEach(i -> ids.add(i.getRunId()));
        String one = ids.iterator().next();
        client.deleteRun(one);
        assertEquals(2, client.searchRuns(List.of(exp), "params.model LIKE 'r%'").size());
        assertEquals(1, client.searchRuns(List.of(exp), "params.model LIKE 'r%'", ViewType.DELETED_ONLY).size());

        MlflowHttpException bad = httpError(() -> client.searchRuns(List.of(exp), "metrics.acc >>> 1"));
        assertEquals(400, bad.getStatusCode());
        assertTrue(bad.getBodyMessage().contains("INVALID_PARAMETER_VALUE"), bad.getBodyMessage());
    }

    // ----- registry reads (writes through the client's raw sendPost) -----

    @Test
    void registryReads() {
        String exp = client.createExperiment(unique("reg"));
        String runId = newRun(exp, "trainer").getRunId();
        String model = unique("model");
        client.sendPost("registered-models/create", "{\"name\":\"" + model + "\",\"description\":\"d\"}");
        for (int i = 0; i < 3; i++) {
            client.sendPost("model-versions/create", "{\"name\":\"" + model + "\",\"source\":\"runs:/" + runId
                    + "/model\",\"run_id\":\"" + runId + "\"}");
        }
        client.sendPost("model-versions/transition-stage", "{\"name\":\"" + model
                + "\",\"version\":\"2\",\"stage\":\"Production\",\"archive_existing_versions\":false}");

        ModelRegistry.RegisteredModel rm = client.getRegisteredModel(model);
        assertEquals(model, rm.getName());
        assertEquals("d", rm.getDescription());

        ModelRegistry.ModelVersion v2 = client.getModelVersion(model, "2");
        assertEquals("2", v2.getVersion());
        assertEquals("Production", v2.getCurrentStage());
        assertEquals(runId, v2.getRunId());
        assertEquals("runs:/" + runId + "/model", v2.getSource());

        List<ModelRegistry.ModelVersion> latest = client.getLatestVersions(model);
        Map<String, String> byStage = latest.stream().collect(Collectors.toMap(
                ModelRegistry.ModelVersion::getCurrentStage, ModelRegistry.ModelVersion::getVersion));
        assertEquals(Map.of("None", "3", "Production", "2"), byStage);
        List<ModelRegistry.ModelVersion> prod = client.getLatestVersions(model, List.of("Production"));
        assertEquals(1, prod.size());
        assertEquals("2", prod.get(0).getVersion());

        String uri = client.getModelVersionDownloadUri(model, "1");
        assertFalse(uri.isEmpty());

        ModelVersionsPage versions = client.searchModelVersions("name = '" + model + "'");
        assertEquals(3, versions.getItems().size());

        MlflowHttpException missing = httpError(() -> client.getModelVersion(model, "99"));
        assertEquals(404, missing.getStatusCode());
        assertTrue(missing.getBodyMessage().contains("RESOURCE_DOES_NOT_EXIST"));
        MlflowHttpException noModel = httpError(() -> client.getRegisteredModel(unique("nope")));
        assertEquals(404, noModel.getStatusCode());
    }
}
