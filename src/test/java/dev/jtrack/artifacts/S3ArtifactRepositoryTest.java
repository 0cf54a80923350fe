package dev.jtrack.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.store.ArtifactTargets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared repository behaviour and S3 specifics, against a real S3 endpoint (S3Proxy) on loopback. */
class S3ArtifactRepositoryTest extends ArtifactRepositoryContract {
    private static Path work;
    private static S3ProxyProcess proxy;
    private static String bucket;
    private int count;

    @BeforeAll
    static void startProxy() throws Exception {
        work = Files.createTempDirectory("jtrack-s3-test");
        proxy = S3ProxyProcess.start(work);
        bucket = proxy.createBucket();
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) proxy.close();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    ArtifactRepository newRepository() {
        return S3ArtifactRepository.forUri(proxy.config(), "s3://" + bucket + "/" + getClass().getSimpleName()
                + "-" + System.nanoTime() + "-" + (++count));
    }

    @Test
    void objectsReallyLandInTheBucketUnderThePrefix() throws Exception {
        S3ArtifactRepository repo = S3ArtifactRepository.forUri(proxy.config(), "s3://" + bucket + "/real/root");
        repo.write("dir/file.txt", bytes("in the bucket"));
        assertEquals("s3://" + bucket + "/real/root", repo.rootUri());
        assertEquals(new S3Location(bucket, "real/root"), repo.location());
        assertEquals("in the bucket", new String(proxy.rawObject(bucket, "real/root/dir/file.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void largeStreamsGoUpInPartsAndComeBackWhole() throws Exception {
        ArtifactRepository repo = newRepository();
        long size = 2L * S3ArtifactRepository.PART_SIZE + 12345; // three parts, the last one short
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        repo.write("big/blob.bin", new GeneratedStream(size, sent));
        assertEquals(size, repo.size("big/blob.bin"));
        assertEquals(List.of(new FileInfo("big/blob.bin", false, size)), repo.list("big"));
        MessageDigest got = MessageDigest.getInstance("SHA-256");
        try (InputStream in = repo.open("big/blob.bin")) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) got.update(buf, 0, n);
        }
        assertArrayEquals(sent.digest(), got.digest());
    }

    @Test
    void listingAndDeletingPageThroughContinuationTokens() throws Exception {
        S3ArtifactRepository repo = ((S3ArtifactRepository) newRepository()).withPageSize(2);
        List<FileInfo> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            repo.write("many/f" + i, bytes("x".repeat(i)));
            expected.add(new FileInfo("many/f" + i, false, i));
        }
        for (int i = 0; i < 3; i++) {
            repo.write("many/d" + i + "/inner", bytes("i"));
            expected.add(new FileInfo("many/d" + i, true, -1));
        }
        expected.sort(Comparator.comparing(FileInfo::path));
        assertEquals(expected, repo.list("many"));
        repo.delete("many");
        assertEquals(List.of(), repo.list("many"));
        assertFalse(repo.isDirectory("many"));
    }

    @Test
    void directoryMarkersAndOddKeysAreNotListed() throws Exception {
        S3ArtifactRepository repo = (S3ArtifactRepository) newRepository();
        String prefix = repo.location().prefix();
        var s3 = S3Clients.forConfig(proxy.config());
        s3.putObject(b -> b.bucket(bucket).key(prefix + "/folder/"), software.amazon.awssdk.core.sync.RequestBody.empty());
        repo.write("folder/real.txt", bytes("r"));
        assertEquals(List.of(new FileInfo("folder", true, -1)), repo.list(""));
        assertEquals(List.of(new FileInfo("folder/real.txt", false, 1)), repo.list("folder"));
    }

    @Test
    void wrongCredentialsAndMissingBucketsAreClearErrors() {
        S3Config wrong = new S3Config(proxy.endpoint(), null, S3ProxyProcess.ACCESS_KEY, "not-the-secret", null, false);
        ArtifactRepository denied = S3ArtifactRepository.forUri(wrong, "s3://" + bucket + "/x");
        IOException e = assertThrows(IOException.class, () -> denied.open("a"));
        assertFalse(e instanceof NoSuchFileException, e.toString());
        assertTrue(e.getMessage().contains("403"), e.getMessage());
        ArtifactRepository nowhere = S3ArtifactRepository.forUri(proxy.config(), "s3://no-such-bucket-jt/x");
        IOException missing = assertThrows(IOException.class, () -> nowhere.write("a", bytes("a")));
        assertTrue(missing.getMessage().contains("NoSuchBucket"), missing.getMessage());
        assertThrows(IOException.class, () -> nowhere.open("a"));
    }

    @Test
    void serverLocationsServeOnlyTheirS3Roots() throws Exception {
        S3Config config = proxy.config();
        ArtifactRepository destination = S3ArtifactRepository.forUri(config, "s3://" + bucket + "/dest");
        ArtifactLocations locations = new ArtifactLocations(destination, List.of(),
                List.of(S3Location.parse("s3://" + bucket + "/dest"), S3Location.parse("s3://" + bucket + "/direct")), config);
        ArtifactRepository proxied = locations.forUri("mlflow-artifacts:/1/run/artifacts");
        assertEquals("s3://" + bucket + "/dest/1/run/artifacts", proxied.rootUri());
        proxied.write("m.txt", bytes("via proxy"));
        assertEquals("via proxy", read(locations.forUri("s3://" + bucket + "/dest/1/run"), "artifacts/m.txt"));
        assertEquals("s3://" + bucket + "/direct/2", locations.forUri("s3://" + bucket + "/direct/2").rootUri());
        assertThrows(ArtifactPathException.class, () -> locations.forUri("s3://" + bucket + "/directory-next-door"));
        assertThrows(ArtifactPathException.class, () -> locations.forUri("s3://other-bucket/dest"));
        assertThrows(ArtifactPathException.class, () -> locations.forUri("s3://" + bucket + "/dest/../secret"));
    }

    @Test
    void clientsWriteStraightToS3Roots() throws Exception {
        ArtifactTargets targets = new ArtifactTargets(null, proxy::config);
        ArtifactRepository repo = targets.forUri("s3://" + bucket + "/client/0/r1/artifacts");
        assertInstanceOf(S3ArtifactRepository.class, repo);
        repo.write("notes.md", bytes("# hi"));
        assertEquals("# hi", new String(proxy.rawObject(bucket, "client/0/r1/artifacts/notes.md"), StandardCharsets.UTF_8));
        ArtifactTargets unconfigured = new ArtifactTargets(null,
                () -> S3Config.fromEnvironment(java.util.Map.of("MLFLOW_S3_ENDPOINT_URL", "ftp://x")));
        ArtifactPathException bad = assertThrows(ArtifactPathException.class, () -> unconfigured.forUri("s3://b/x"));
        assertTrue(bad.getMessage().contains("MLFLOW_S3_ENDPOINT_URL"), bad.getMessage());
    }

    /** {@code size} pseudo-random bytes, made on the fly (never held in memory), digested as read. */
    private static final class GeneratedStream extends InputStream {
        private long left;
        private final MessageDigest digest;
        private long state = 0x9E3779B97F4A7C15L;

        GeneratedStream(long size, MessageDigest digest) {
            this.left = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) return -1;
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                b[off + i] = (byte) state;
            }
            digest.update(b, off, n);
            left -= n;
            return n;
        }
    }
}
