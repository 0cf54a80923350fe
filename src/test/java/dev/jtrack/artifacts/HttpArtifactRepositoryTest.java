package dev.jtrack.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.server.ServerConfig;
import dev.jtrack.server.TrackingServer;
import dev.jtrack.store.StoreUri;
import dev.jtrack.http.RestConfig;
import dev.jtrack.store.ArtifactTargets;
import dev.jtrack.store.sql.SqlStores;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP artifact client against the real server's artifact proxy. */
class HttpArtifactRepositoryTest {
    /** The repository for {@code artifactUri} through {@code server}'s proxy, as the recorder builds it. */
    private static HttpArtifactRepository forUri(RestConfig server, String artifactUri) {
        return HttpArtifactRepository.forUri(ArtifactTargets.proxy(server), artifactUri);
    }


    @TempDir
    Path dir;

    private SqlStores stores;
    private TrackingServer server;
    private String base;

    @BeforeEach
    void start() {
        stores = SqlStores.open(StoreUri.resolve(dir.resolve("s.db").toString()), "mlflow-artifacts:/");
        server = new TrackingServer();
        int port = server.start(ServerConfig.builder(stores.tracking(), stores.registry()).workers(8)
                .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("dest")))).build());
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        server.close();
        stores.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void uploadListDownloadDelete() throws Exception {
        HttpArtifactRepository repo = forUri(RestConfig.of(base), "mlflow-artifacts:/1/abc/artifacts");
        assertEquals("mlflow-artifacts:/1/abc/artifacts", repo.rootUri());
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        repo.write("model/weights.bin", new ByteArrayInputStream(big));
        repo.write("notes/a b ü.txt", new ByteArrayInputStream(bytes("first")));
        repo.write("notes/a b ü.txt", new ByteArrayInputStream(bytes("second"))); // replaced
        Path local = Files.writeString(dir.resolve("local.txt"), "from a file");
        repo.write("files/local.txt", local);
        assertEquals("from a file", Files.readString(dir.resolve("dest/1/abc/artifacts/files/local.txt")));
        assertThrows(NoSuchFileException.class, () -> repo.write("files/none.txt", dir.resolve("none.txt")));
        repo.delete("files");
        assertArrayEquals(big, Files.readAllBytes(dir.resolve("dest/1/abc/artifacts/model/weights.bin")));

        assertEquals(List.of(new FileInfo("model", true, -1), new FileInfo("notes", true, -1)), repo.list(""));
        assertEquals(List.of(new FileInfo("notes/a b ü.txt", false, 6)), repo.list("notes"));
        assertTrue(repo.isDirectory("model"));
        assertFalse(repo.isDirectory("model/weights.bin"));
        assertEquals(big.length, repo.size("model/weights.bin"));
        try (InputStream in = repo.open("notes/a b ü.txt")) {
            assertEquals("second", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertThrows(NoSuchFileException.class, () -> repo.open("missing.txt"));
        repo.delete("notes");
        assertEquals(List.of(new FileInfo("model", true, -1)), repo.list(""));
        assertThrows(NoSuchFileException.class, () -> repo.delete("notes"));
        assertThrows(ArtifactPathException.class, () -> repo.write("../escape", new ByteArrayInputStream(bytes("x"))));
        repo.close();
    }

    @Test
    void httpProxyUrlsAndAuthorityFormsReachTheSameFiles() throws Exception {
        HttpArtifactRepository viaUrl = forUri(RestConfig.of("http://127.0.0.1:1"),
                base + ArtifactLocations.PROXY_ROUTE + "/2/run/artifacts");
        viaUrl.write("x.txt", new ByteArrayInputStream(bytes("url")));
        String authority = base.substring("http://".length());
        HttpArtifactRepository viaAuthority = forUri(RestConfig.of("http://127.0.0.1:1"),
                "mlflow-artifacts://" + authority + "/2/run/artifacts");
        try (InputStream in = viaAuthority.open("x.txt")) {
            assertEquals("url", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        viaUrl.close();
        viaAuthority.close();
    }

    @Test
    void credentialsOfTheServerConfigAreSent() throws Exception {
        server.close();
        server = new TrackingServer();
        int port = server.start(ServerConfig.builder(stores.tracking(), stores.registry()).workers(8)
                .artifacts(new ArtifactLocations(new LocalArtifactRepository(dir.resolve("dest"))))
                .authenticator(dev.jtrack.server.auth.Authenticator.parse(List.of(
                        "user writer write " + dev.jtrack.server.auth.PasswordHash.hashPassword("w".toCharArray()),
                        "token robot write " + dev.jtrack.server.auth.PasswordHash.hashToken("robot-token"))))
                .build());
        RestConfig config = RestConfig.of("http://127.0.0.1:" + port);
        HttpArtifactRepository anonymous = forUri(config, "mlflow-artifacts:/a");
        assertEquals(401, assertThrows(HttpArtifactRepository.HttpStatusException.class,
                () -> anonymous.write("f.txt", new ByteArrayInputStream(bytes("x")))).status());
        HttpArtifactRepository basic = forUri(config.withBasicAuth("writer", "w"), "mlflow-artifacts:/a");
        basic.write("f.txt", new ByteArrayInputStream(bytes("basic")));
        HttpArtifactRepository bearer = forUri(config.withToken("robot-token"), "mlflow-artifacts:/a");
        try (InputStream in = bearer.open("f.txt")) {
            assertEquals("basic", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        anonymous.close();
        basic.close();
        bearer.close();
    }

    @Test
    void errorsCarryTheHttpStatus() throws Exception {
        server.close();
        server = new TrackingServer();
        int port = server.start(ServerConfig.builder(stores.tracking(), stores.registry()).workers(8).build());
        HttpArtifactRepository repo = forUri(RestConfig.of("http://127.0.0.1:" + port),
                "mlflow-artifacts:/x");
        HttpArtifactRepository.HttpStatusException e = assertThrows(HttpArtifactRepository.HttpStatusException.class,
                () -> repo.write("f.txt", new ByteArrayInputStream(bytes("x"))));
        assertEquals(503, e.status(), e.getMessage()); // proxy disabled on that server
        assertEquals("FEATURE_DISABLED", e.errorCode());
        repo.close();
    }
}
