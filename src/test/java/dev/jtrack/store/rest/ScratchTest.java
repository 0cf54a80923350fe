package dev.jtrack.store.rest;

import dev.jtrack.tracking.ViewType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {
    @TempDir Path dir;
    @Test
    void probe() {
        try (ServerFixture s = ServerFixture.start(dir); RestTrackingStore store = new RestTrackingStore(RestConfig.of(s.uri()).withRetry(RetryPolicy.none()))) {
            String exp = store.createExperiment("x", null, List.of());
            for (String bad : new String[] {
                "metrics.acc > 'x'", "params.p > 1", "metrics.acc", "foo.bar = 1", "attributes.nope = 'x'",
                "metrics.a > 1 OR metrics.b > 1", "params.p = 'unterminated", "metrics.a >> 1", "run_id IN 'x'",
                "attributes.status IN ('a')", "metrics.a = 1 AND", "(metrics.a = 1)", "tags.t = 1"}) {
                try { store.searchRuns(List.of(exp), bad, ViewType.ACTIVE_ONLY, 10, null, null); System.out.println("NO ERROR: " + bad); } catch (Exception e) { System.out.println("ok " + bad + " " + e.getMessage()); }
            }
            try { store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 50001, null, null); System.out.println("NO ERROR 50001"); } catch (Exception e) { System.out.println("ok " + e); }
            try { store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 10, List.of("metrics.a SIDEWAYS"), null); System.out.println("NO ERROR sideways"); } catch (Exception e) { System.out.println("ok " + e); }
            try { store.searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 10, null, "%%%"); System.out.println("NO ERROR token"); } catch (Exception e) { System.out.println("ok " + e); }
            try { store.searchRuns(List.of(), null, ViewType.ACTIVE_ONLY, 10, null, null); System.out.println("NO ERROR empty"); } catch (Exception e) { System.out.println("ok " + e); }
        }
    }
}
