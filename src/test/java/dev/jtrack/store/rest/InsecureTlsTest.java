package dev.jtrack.store.rest;

import dev.jtrack.http.RetryPolicy;
import dev.jtrack.http.RestConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS with a self-signed certificate (made with the JDK's keytool): refused by default without
 * retrying, accepted with {@code MLFLOW_TRACKING_INSECURE_TLS=true}.
 */
class InsecureTlsTest {

    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateNeedsTheInsecureFlag() throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"))
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed: " + out);

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        AtomicInteger answered = new AtomicInteger();
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = "{\"experiment_id\":\"42\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
            answered.incrementAndGet();
        });
        server.start();
        try {
            String uri = "https://127.0.0.1:" + server.getAddress().getPort();
            RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(30));
            try (RestTrackingStore strict = new RestTrackingStore(RestConfig.fromEnvironment(uri, Map.of()).withRetry(retry))) {
                long t0 = System.nanoTime();
                dev.jtrack.tracking.MlflowException e = assertThrows(dev.jtrack.tracking.MlflowException.class,
                        () -> strict.createExperiment("x", null, List.of()));
                assertTrue(e.getMessage().contains("TLS"), e.getMessage());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 5_000, "a certificate failure must not be retried (a retry waits 6 s), took " + ms + " ms");
            }
            try (RestTrackingStore insecure = new RestTrackingStore(RestConfig.fromEnvironment(uri,
                    Map.of("MLFLOW_TRACKING_INSECURE_TLS", "true")))) {
                assertEquals("42", insecure.createExperiment("x", null, List.of()));
            }
            assertEquals(1, answered.get());
        } finally {
            server.stop(0);
        }
    }
}
