package dev.jtrack.autolog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingUiUrlTest {
    @Test
    void underJupyterHubALocalServerIsReachedThroughTheNotebookServersProxy() {
        Map<String, String> hub = Map.of("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/");
        assertEquals("/user/ada/proxy/5000/", TrackingUiUrl.of("http://127.0.0.1:5000", hub));
        assertEquals("/user/ada/proxy/5000/", TrackingUiUrl.of("http://localhost:5000/", hub));
        assertEquals("/user/ada/proxy/8080/mlflow/", TrackingUiUrl.of("http://127.0.0.1:8080/mlflow", hub));
        assertEquals("/user/ada/proxy/80/", TrackingUiUrl.of("http://127.0.0.1", hub));
        assertEquals("/user/ada/proxy/5000/", TrackingUiUrl.of("http://127.0.0.1:5000", Map.of("JUPYTERHUB_SERVICE_PREFIX", "user/ada")));
    }

    @Test
    void theHubPrefixWinsOverJtrackUiUrlForALocalServer() {
        Map<String, String> env = Map.of("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/", "JTRACK_UI_URL", "https://ui.example.org");
        assertEquals("/user/ada/proxy/5000/", TrackingUiUrl.of("http://127.0.0.1:5000", env));
    }

    @Test
    void aRemoteServerIsNotBehindTheLocalProxy() {
        Map<String, String> hub = Map.of("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/");
        assertEquals("https://mlflow.example.org/", TrackingUiUrl.of("https://mlflow.example.org", hub));
        assertEquals("https://ui.example.org/jtrack/", TrackingUiUrl.of("https://mlflow.example.org",
                Map.of("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/", "JTRACK_UI_URL", "https://ui.example.org/jtrack")));
    }

    @Test
    void withoutAHubJtrackUiUrlElseTheServersOwnUrl() {
        assertEquals("https://ui.example.org/", TrackingUiUrl.of("http://127.0.0.1:5000", Map.of("JTRACK_UI_URL", " https://ui.example.org ")));
        assertEquals("http://127.0.0.1:5000/", TrackingUiUrl.of("http://127.0.0.1:5000", Map.of("JTRACK_UI_URL", " ")));
        assertEquals("http://127.0.0.1:5000/", TrackingUiUrl.of("http://127.0.0.1:5000", Map.of()));
    }

    @Test
    void runPageIsTheUisHashRoute() {
        assertEquals("/user/ada/proxy/5000/#/experiments/3/runs/abc",
                TrackingUiUrl.runPage("http://127.0.0.1:5000", Map.of("JUPYTERHUB_SERVICE_PREFIX", "/user/ada/"), "3", "abc"));
        assertEquals("http://127.0.0.1:5000/#/experiments/3/runs/abc",
                TrackingUiUrl.runPage("http://127.0.0.1:5000", Map.of(), "3", "abc"));
    }
}
