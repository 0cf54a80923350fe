package dev.jtrack.store.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionStatus;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelAlias;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.registry.Stage;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link RegistryStore} must show; subclasses supply a fresh store per test. */
public abstract class RegistryStoreContract extends StoreContract<RegistryStore> {

    private ModelVersion version(String model) {
        return store.createModelVersion(model, "runs:/0123456789abcdef0123456789abcdef/model", "0123456789abcdef0123456789abcdef",
                List.of(), null, null);
    }

    @Test
    void createGetUpdateDeleteModel() {
        String name = unique("model");
        RegisteredModel m = store.createRegisteredModel(name, List.of(new RegisteredModelTag("team", "a")), "first");
        assertEquals(name, m.name());
        assertEquals("first", m.description());
        assertEquals(List.of(new RegisteredModelTag("team", "a")), m.tags());
        assertTrue(m.creationTimestamp() > 0);
        assertCode(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.createRegisteredModel(name, List.of(), null));
        assertEquals("second", store.updateRegisteredModel(name, "second").description());
        assertEquals("second", store.getRegisteredModel(name).description());
        store.deleteRegisteredModel(name);
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getRegisteredModel(name));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.deleteRegisteredModel(name));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.createRegisteredModel("", List.of(), null));
    }

    @Test
    void versionsAreNumberedAndNeverReused() {
        String name = unique("model");
        store.createRegisteredModel(name, List.of(), null);
        ModelVersion v1 = version(name);
        ModelVersion v2 = version(name);
        assertEquals("1", v1.version());
        assertEquals("2", v2.version());
        assertEquals(Stage.NONE, v1.currentStage());
        assertEquals(ModelVersionStatus.READY, v1.status());
        assertEquals("0123456789abcdef0123456789abcdef", v1.runId());
        store.deleteModelVersion(name, "2");
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getModelVersion(name, "2"));
        assertEquals("3", version(name).version());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> version(unique("nomodel")));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getModelVersion(name, "abc"));
        assertEquals("runs:/0123456789abcdef0123456789abcdef/model", store.getModelVersionDownloadUri(name, "1"));
        assertEquals("described", store.updateModelVersion(name, "1", "described").description());
    }

    @Test
    void copiedVersionDownloadsTheOriginalsFiles() {
        String name = unique("model");
        String other = unique("copy");
        store.createRegisteredModel(name, List.of(), null);
        store.createRegisteredModel(other, List.of(), null);
        version(name);
        store.createModelVersion(name, "models:/" + name + "/1", null, List.of(), null, null);
        store.createModelVersion(other, "models:/" + name + "/2", null, List.of(), null, null);
        assertEquals("models:/" + name + "/1", store.getModelVersion(name, "2").source());
        // followed through a copy of a copy to the first version's files
        assertEquals("runs:/0123456789abcdef0123456789abcdef/model", store.getModelVersionDownloadUri(name, "2"));
        assertEquals("runs:/0123456789abcdef0123456789abcdef/model", store.getModelVersionDownloadUri(other, "1"));
        // a source naming no registered version is its own download location
        store.createModelVersion(other, "models:/" + unique("nowhere") + "/1", null, List.of(), null, null);
        assertTrue(store.getModelVersionDownloadUri(other, "2").startsWith("models:/"));
    }

    @Test
    void stagesAndLatestVersions() {
        String name = unique("model");
        store.createRegisteredModel(name, List.of(), null);
        for (int i = 0; i < 4; i++) {
            version(name);
        }
        store.transitionModelVersionStage(name, "1", "production", false);
        store.transitionModelVersionStage(name, "2", "Staging", false);
        assertEquals(Stage.PRODUCTION, store.getModelVersion(name, "1").currentStage());
        ModelVersion v3 = store.transitionModelVersionStage(name, "3", "Production", true);
        assertEquals(Stage.PRODUCTION, v3.currentStage());
        assertEquals(Stage.ARCHIVED, store.getModelVersion(name, "1").currentStage());
        List<ModelVersion> latest = store.getLatestVersions(name, List.of("Production", "Staging"));
        assertEquals(List.of("3", "2"), latest.stream().map(ModelVersion::version).toList());
        List<ModelVersion> all = store.getLatestVersions(name, null);
        assertEquals(4, all.size());
        assertEquals(4, store.getRegisteredModel(name).latestVersions().size());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.transitionModelVersionStage(name, "4", "Nowhere", false));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.transitionModelVersionStage(name, "4", "Archived", true));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.getLatestVersions(name, List.of("bogus")));
    }

    @Test
    void aliases() {
        String name = unique("model");
        store.createRegisteredModel(name, List.of(), null);
        version(name);
        version(name);
        store.setRegisteredModelAlias(name, "champion", "1");
        assertEquals("1", store.getModelVersionByAlias(name, "champion").version());
        assertEquals(List.of("champion"), store.getModelVersion(name, "1").aliases());
        store.setRegisteredModelAlias(name, "champion", "2");
        assertEquals("2", store.getModelVersionByAlias(name, "champion").version());
        assertEquals(List.of(new RegisteredModelAlias("champion", "2")), store.getRegisteredModel(name).aliases());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setRegisteredModelAlias(name, "latest", "1"));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setRegisteredModelAlias(name, "v1", "1"));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.setRegisteredModelAlias(name, "x", "9"));
        store.deleteRegisteredModelAlias(name, "champion");
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getModelVersionByAlias(name, "champion"));
        store.setRegisteredModelAlias(name, "gone", "1");
        store.deleteModelVersion(name, "1");
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getModelVersionByAlias(name, "gone"));
    }

    @Test
    void tags() {
        String name = unique("model");
        store.createRegisteredModel(name, List.of(), null);
        version(name);
        store.setRegisteredModelTag(name, new RegisteredModelTag("k", "v"));
        store.setRegisteredModelTag(name, new RegisteredModelTag("k", "v2"));
        assertEquals(List.of(new RegisteredModelTag("k", "v2")), store.getRegisteredModel(name).tags());
        store.deleteRegisteredModelTag(name, "k");
        assertEquals(List.of(), store.getRegisteredModel(name).tags());
        store.setModelVersionTag(name, "1", new ModelVersionTag("vk", "vv"));
        assertEquals(List.of(new ModelVersionTag("vk", "vv")), store.getModelVersion(name, "1").tags());
        store.deleteModelVersionTag(name, "1", "vk");
        assertEquals(List.of(), store.getModelVersion(name, "1").tags());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.setRegisteredModelTag(name, new RegisteredModelTag("../k", "v")));
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.setModelVersionTag(name, "7", new ModelVersionTag("a", "b")));
    }

    @Test
    void renameCarriesVersionsTagsAndAliases() {
        String name = unique("model");
        String other = unique("model");
        store.createRegisteredModel(name, List.of(new RegisteredModelTag("k", "v")), null);
        store.createRegisteredModel(other, List.of(), null);
        version(name);
        store.setRegisteredModelAlias(name, "prod", "1");
        String renamed = unique("renamed");
        assertEquals(renamed, store.renameRegisteredModel(name, renamed).name());
        assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store.getRegisteredModel(name));
        RegisteredModel m = store.getRegisteredModel(renamed);
        assertEquals(List.of(new RegisteredModelTag("k", "v")), m.tags());
        assertEquals("1", store.getModelVersionByAlias(renamed, "prod").version());
        assertEquals(renamed, store.getModelVersion(renamed, "1").name());
        assertCode(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store.renameRegisteredModel(renamed, other));
    }

    @Test
    void searchModelsAndVersions() {
        String prefix = unique("srch");
        for (int i = 0; i < 5; i++) {
            store.createRegisteredModel(prefix + "-" + i, List.of(new RegisteredModelTag("i", Integer.toString(i))), null);
            version(prefix + "-" + i);
        }
        store.createModelVersion(prefix + "-1", "s3://b/other", "fedcba9876543210fedcba9876543210", List.of(), null, null);
        Page<RegisteredModel> p = store.searchRegisteredModels("name LIKE '" + prefix + "%'", 100, List.of("name DESC"), null);
        assertEquals(prefix + "-4", p.items().get(0).name());
        assertEquals(5, p.items().size());
        assertEquals(List.of(prefix + "-2"),
                store.searchRegisteredModels("name LIKE '" + prefix + "%' AND tags.i = '2'", 100, null, null).items().stream()
                        .map(RegisteredModel::name).toList());
        List<String> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<RegisteredModel> pg = store.searchRegisteredModels("name ILIKE '" + prefix.toUpperCase() + "%'", 2, null, token);
            pg.items().forEach(m -> paged.add(m.name()));
            token = pg.nextPageToken();
            pages++;
        } while (token != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(5, paged.size());

        Page<ModelVersion> vs = store.searchModelVersions("name = '" + prefix + "-1'", 100, null, null);
        assertEquals(List.of("2", "1"), vs.items().stream().map(ModelVersion::version).toList());
        assertEquals(List.of("2"), store.searchModelVersions("name = '" + prefix + "-1' AND run_id = 'fedcba9876543210fedcba9876543210'",
                100, null, null).items().stream().map(ModelVersion::version).toList());
        assertEquals(1, store.searchModelVersions("run_id IN ('fedcba9876543210fedcba9876543210')", 100, null, null).items().size());
        assertEquals(List.of("1", "2"), store.searchModelVersions("name = '" + prefix + "-1'", 100, List.of("version_number ASC"), null)
                .items().stream().map(ModelVersion::version).toList());
        assertEquals(1, store.searchModelVersions("name = '" + prefix + "-1' AND source_path LIKE 's3://%'", 100, null, null).items().size());
        assertNull(vs.nextPageToken());
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchRegisteredModels("metrics.x > 1", 10, null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchRegisteredModels(null, 1001, null, null));
        assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store.searchModelVersions("name >= 'x'", 10, null, null));
    }
}
