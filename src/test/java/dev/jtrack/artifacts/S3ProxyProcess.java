package dev.jtrack.artifacts;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible endpoint for tests: S3Proxy (jclouds' in-memory "transient" provider; the
 * filesystem one takes seconds per delete) in its own JVM,
 * from its self-contained jar (system property {@code jtrack.s3proxy.jar}, put there by the
 * build), listening on 127.0.0.1 with AWS v4 signatures. Its Jetty never meets Javalin's.
 * Tests that use it fail, never skip, when the jar is missing or the proxy does not come up.
 */
public final class S3ProxyProcess implements AutoCloseable {
    /** The access key id S3Proxy accepts. */
    public static final String ACCESS_KEY = "jtrack-test-identity";
    /** The secret key S3Proxy accepts. */
    public static final String SECRET_KEY = "jtrack-test-credential";
    private static final String PROVIDER = System.getProperty("jtrack.s3proxy.provider", "transient");

    private final Process process;
    private final URI endpoint;
    private final Path dataDir;
    private final Path log;

    private S3ProxyProcess(Process process, URI endpoint, Path dataDir, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts S3Proxy storing objects under {@code workDir} and waits (at most 60 s) until it answers. */
    public static S3ProxyProcess start(Path workDir) throws IOException, InterruptedException {
        String jar = System.getProperty("jtrack.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar missing (system property jtrack.s3proxy.jar = " + jar
                    + "); run the tests through Maven, which copies org.gaul:s3proxy there");
        }
        Path data = Files.createDirectories(workDir.resolve("s3-data"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path props = workDir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=" + PROVIDER,
                "jclouds.filesystem.basedir=" + data,
                ""));
        Path log = workDir.resolve("s3proxy.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar, "--properties", props.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyProcess proxy = new S3ProxyProcess(p, endpoint, data, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            if (proxy.answers()) return proxy;
            Thread.sleep(100);
        }
        proxy.close();
        throw new IllegalStateException("S3Proxy did not answer on " + endpoint + " within 60 s:\n" + Files.readString(log));
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int status = c.getResponseCode(); // 403 for an anonymous request: it is up
            c.disconnect();
            return status > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The endpoint URL, as MLFLOW_S3_ENDPOINT_URL. */
    public URI endpoint() {
        return endpoint;
    }

    /** The S3 settings a client needs to reach this endpoint. */
    public S3Config config() {
        return new S3Config(endpoint, null, ACCESS_KEY, SECRET_KEY, null, false);
    }

    /** The environment variables a jtrack process needs to reach this endpoint. */
    public Map<String, String> environment() {
        return Map.of("MLFLOW_S3_ENDPOINT_URL", endpoint.toString(), "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_DEFAULT_REGION", "us-east-1");
    }

    /** Creates a bucket with a fresh unique name and returns the name. */
    public String createBucket() {
        String name = "jt-" + UUID.randomUUID().toString().substring(0, 8);
        S3Clients.forConfig(config()).createBucket(b -> b.bucket(name));
        return name;
    }

    /** An object's bytes read straight from S3 with the SDK (to check what really is in the bucket). */
    public byte[] rawObject(String bucket, String key) {
        return S3Clients.forConfig(config()).getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    /** All keys under a prefix, read straight from S3 with the SDK (at most 1000). */
    public List<String> rawKeys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        S3Clients.forConfig(config()).listObjectsV2(b -> b.bucket(bucket).prefix(prefix))
                .contents().forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** The proxy's output so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
