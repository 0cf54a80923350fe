package dev.jtrack.cli;

import dev.jtrack.runner.SelfProcess;
import dev.jtrack.store.StoreUri;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtrack quickstart}: runs the example notebooks headless into an embedded store (a small
 * sweep included), then serves that store with {@code jtrack server} and says what to do next.
 * Needs only a JDK: notebooks run on the kernel's own engine, not through Jupyter.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Run the example notebooks headless (no Jupyter needed) into an embedded tracking store"
                + " (or the one --tracking-uri / MLFLOW_TRACKING_URI names), then start 'jtrack server' on it"
                + " (in the foreground until Ctrl-C)."})
public final class QuickstartCommand implements Callable<Integer> {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "jtrack-quickstart",
            description = "Where the store and the executed notebooks go (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = TrackingUriOption.NAME, paramLabel = "URI",
            description = "Track into this store instead (default: MLFLOW_TRACKING_URI, else jtrack.db in --dir);"
                    + " a database is then served, a tracking server is used as it is."
                    + " The experiments are named after the notebooks (MLFLOW_EXPERIMENT_NAME is not used).")
    String trackingUri;

    @Option(names = "--notebooks", paramLabel = "DIR",
            description = "The example notebooks (default: notebooks/ of this jtrack checkout).")
    Path notebooks;

    @Option(names = {"-p", "--port"}, defaultValue = "5000", description = "The server's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-serve", description = "Run the notebooks but do not start the server.")
    boolean noServe;

    @Option(names = "--exit-after-start", description = "Start the server, check it answers, stop it and exit (for tests).")
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        Jdk.requireJShell();
        Path examples = notebooksDir();
        Path work = dir.toAbsolutePath().normalize();
        Path executed = Files.createDirectories(work.resolve("executed"));
        String store = store(work);
        System.out.println("jtrack quickstart: notebooks from " + examples + ", store " + store);

        step("1/3 the quickstart notebook (tracked training on notebooks/data/houses.csv)");
        int status = jtrack(store, List.of("run", examples.resolve("quickstart.ipynb").toString(),
                executed.resolve("quickstart.ipynb").toString(), "--cwd", examples.toString()));
        step("2/3 a small sweep of the parameterized notebook (learningRate 0.3,0.1 x epochs 10,30)");
        status |= jtrack(store, List.of("run", examples.resolve("train-linear.ipynb").toString(),
                executed.resolve("train-linear.ipynb").toString(), "--cwd", examples.toString(),
                "-p", "learningRate", "0.3,0.1", "-p", "epochs", "10,30", "--sweep", "--parallel", "2"));
        if (status != 0) {
            System.err.println("jtrack quickstart: a notebook failed (see above); executed notebooks are in " + executed);
            return 1;
        }
        System.out.println("executed notebooks: " + executed);
        if (noServe) {
            nextSteps(null, store, examples);
            return 0;
        }
        if (StoreUri.resolve(store, work).isServer()) {
            System.out.println();
            System.out.println("The runs are in the tracking server " + store + " (not starting a server of its own).");
            nextSteps(store, store, examples);
            return 0;
        }
        step("3/3 jtrack server on " + store);
        return serve(store, examples);
    }

    /** --tracking-uri, else MLFLOW_TRACKING_URI, else the embedded store in --dir. */
    private String store(Path work) {
        for (String candidate : new String[] {trackingUri, System.getenv(TrackingUriOption.ENV)}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return "sqlite:///" + work.resolve("jtrack.db");
    }

    private int serve(String store, Path examples) throws Exception {
        List<String> args = List.of("server", "--backend-store-uri", store, "--port", Integer.toString(port));
        Process server = new ProcessBuilder(SelfProcess.command(args)).redirectErrorStream(true).start();
        Thread stopper = new Thread(server::destroy, "jtrack-quickstart-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String url = null;
        String line;
        while ((line = out.readLine()) != null) {
            System.out.println(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                url = m.group(1);
                break;
            }
        }
        if (url == null) {
            server.waitFor(10, TimeUnit.SECONDS);
            throw new UserError("the server did not start (exit " + (server.isAlive() ? "?" : server.exitValue()) + ")");
        }
        int health = health(url);
        nextSteps(url, store, examples);
        if (exitAfterStart) {
            System.out.println("server health: " + health + "; stopping (--exit-after-start)");
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            Runtime.getRuntime().removeShutdownHook(stopper);
            return health == 200 ? 0 : 1;
        }
        System.out.println("Press Ctrl-C to stop the server.");
        while ((line = out.readLine()) != null) {
            System.out.println(line);
        }
        return server.waitFor();
    }

    private static int health(String url) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            return http.send(HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void nextSteps(String url, String store, Path examples) {
        System.out.println();
        System.out.println("Next steps:");
        if (url != null) {
            System.out.println("  - browse the runs: open " + url + "/ (the web UI: runs table, compare, charts, models)");
            System.out.println("  - tracking server: " + url + " (MLflow REST API; e.g. " + url
                    + "/api/2.0/mlflow/experiments/search?max_results=10)");
        } else {
            System.out.println("  - serve the runs (web UI at http://127.0.0.1:5000/): ./jtrack server --backend-store-uri " + store);
        }
        System.out.println("  - install the kernel into Jupyter: ./jtrack install --user");
        System.out.println("  - open the notebooks: jupyter lab " + examples
                + (url != null ? "   (with MLFLOW_TRACKING_URI=" + url + " so the kernel tracks into this server)" : ""));
        System.out.println("  - run a notebook headless: ./jtrack run " + examples.resolve("train-linear.ipynb")
                + " out.ipynb -p learningRate 0.05 -p epochs 50");
        System.out.println("  - replay a recorded run: ./jtrack reproduce RUN_ID");
    }

    private int jtrack(String store, List<String> args) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(SelfProcess.command(args)).inheritIO();
        b.environment().put("MLFLOW_TRACKING_URI", store);
        b.environment().remove("MLFLOW_EXPERIMENT_NAME");
        return b.start().waitFor();
    }

    private static void step(String what) {
        System.out.println();
        System.out.println("== " + what);
    }

    /** --notebooks, else notebooks/ beside the jar's target/ directory, else ./notebooks. */
    private Path notebooksDir() {
        List<Path> candidates = new ArrayList<>();
        if (notebooks != null) {
            candidates.add(notebooks);
        } else {
            try {
                Path jar = Path.of(QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (jar.getParent() != null && jar.getParent().getParent() != null) {
                    candidates.add(jar.getParent().getParent().resolve("notebooks"));
                }
            } catch (Exception e) {
                // not run from a jar: fall back to the working directory
            }
            candidates.add(Path.of("notebooks"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("quickstart.ipynb")) && Files.isRegularFile(c.resolve("train-linear.ipynb"))) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new UserError("cannot find the example notebooks (quickstart.ipynb, train-linear.ipynb) in " + candidates
                + "; pass --notebooks DIR", 2);
    }
}
