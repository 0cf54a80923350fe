package dev.jtrack.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowPlanTest {
    private static Step step(String name, List<String> needs, Map<String, String> params) {
        return new Step(name, name, needs, params);
    }

    private final List<Step> diamond = List.of(
            step("evaluate", List.of("train", "features"), Map.of("model", "{steps.train.run_id}")),
            step("train", List.of("prepare"), Map.of("data", "{steps.prepare.artifacts}/data.csv", "epochs", "{epochs}")),
            step("features", List.of("prepare"), Map.of()),
            step("prepare", List.of(), Map.of()),
            step("report", List.of(), Map.of()));

    @Test
    void dependencyOrderKeepsTheWrittenOrderOtherwise() {
        List<String> order = WorkflowPlan.order(diamond).stream().map(Step::name).toList();
        assertEquals(List.of("prepare", "train", "features", "evaluate", "report"), order);
    }

    @Test
    void forcingAStepDragsItsDependentsOnly() {
        assertEquals(Set.of("train", "evaluate"), WorkflowPlan.withDependents(diamond, "train"));
        assertEquals(Set.of("prepare", "train", "features", "evaluate"), WorkflowPlan.withDependents(diamond, "prepare"));
        assertEquals(Set.of("report"), WorkflowPlan.withDependents(diamond, "report"));
    }

    @Test
    void cyclesAndUnknownNeedsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkflowPlan.order(List.of(
                step("a", List.of("b"), Map.of()), step("b", List.of("a"), Map.of()))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkflowPlan.order(List.of(step("a", List.of("zz"), Map.of()))));
        assertTrue(e.getMessage().contains("'zz'"), e.getMessage());
    }

    @Test
    void substitutesWorkflowParametersAndStepOutputs() {
        Map<String, String> train = WorkflowPlan.substitute(diamond.get(1), Map.of("epochs", "5"),
                (s, what) -> "/tmp/" + s + "/" + what);
        assertEquals(Map.of("data", "/tmp/prepare/artifacts/data.csv", "epochs", "5"), train);
        assertEquals(Map.of("model", "R1"), WorkflowPlan.substitute(diamond.get(0), Map.of(), (s, what) -> "R1"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> WorkflowPlan.substitute(diamond.get(1), Map.of(), (s, what) -> "x"));
        assertTrue(unknown.getMessage().contains("{epochs}"), unknown.getMessage());
        IllegalArgumentException notNeeded = assertThrows(IllegalArgumentException.class, () -> WorkflowPlan.substitute(
                step("x", List.of(), Map.of("p", "{steps.train.run_id}")), Map.of(), (s, what) -> "x"));
        assertTrue(notNeeded.getMessage().contains("does not need step 'train'"), notNeeded.getMessage());
    }

    @Test
    void cacheKeyIsCanonicalAndChangesWithEveryInput() {
        JavaEnv env = new JavaEnv("17+", List.of(), List.of());
        String key = StepCacheKey.of("train", Map.of("a", "1", "b", "2"), "git:abc", env, Map.of("prepare", "R1"), Map.of());
        assertEquals(64, key.length());
        assertEquals(key, StepCacheKey.of("train", new java.util.TreeMap<>(Map.of("b", "2", "a", "1")).descendingMap(),
                "git:abc", env, Map.of("prepare", "R1"), Map.of()), "key order does not matter");
        assertNotEquals(key, StepCacheKey.of("train", Map.of("a", "1", "b", "3"), "git:abc", env, Map.of("prepare", "R1"), Map.of()));
        assertNotEquals(key, StepCacheKey.of("train", Map.of("a", "1", "b", "2"), "git:abd", env, Map.of("prepare", "R1"), Map.of()));
        assertNotEquals(key, StepCacheKey.of("train", Map.of("a", "1", "b", "2"), "git:abc",
                new JavaEnv("21+", List.of(), List.of()), Map.of("prepare", "R1"), Map.of()));
        assertNotEquals(key, StepCacheKey.of("train", Map.of("a", "1", "b", "2"), "git:abc", env, Map.of("prepare", "R2"), Map.of()));
        assertNotEquals(key, StepCacheKey.of("train", Map.of("a", "1", "b", "2"), "git:abc", env, Map.of("prepare", "R1"),
                Map.of("data", "ff")));
        assertNotEquals(key, StepCacheKey.of("evaluate", Map.of("a", "1", "b", "2"), "git:abc", env, Map.of("prepare", "R1"), Map.of()));
    }

    @Test
    void treeHashFollowsContentNotTimes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "one");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.txt"), "two");
        Files.writeString(dir.resolve("mlruns.db"), "store");
        String before = StepCacheKey.treeHash(dir, ProjectRunner.ProjectContext::notProjectContent);
        Files.writeString(dir.resolve("mlruns.db"), "store changed");
        Files.writeString(dir.resolve("sub/b.txt"), "two");
        assertEquals(before, StepCacheKey.treeHash(dir, ProjectRunner.ProjectContext::notProjectContent));
        Files.writeString(dir.resolve("sub/b.txt"), "three");
        assertNotEquals(before, StepCacheKey.treeHash(dir, ProjectRunner.ProjectContext::notProjectContent));
    }
}
