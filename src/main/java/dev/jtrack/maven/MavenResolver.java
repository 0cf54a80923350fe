package dev.jtrack.maven;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/** Transitive resolution of Maven coordinates with Maven Resolver, honouring {@code settings.xml}. */
public final class MavenResolver {
    /** Maven Central, consulted after the repositories added with {@code %mavenRepo}. */
    public static final RemoteRepository CENTRAL =
            new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/").build();

    private final List<RemoteRepository> added = new ArrayList<>();
    private RepositorySystem system;

    /** Adds (or replaces, by id) a repository searched before Maven Central. */
    public synchronized void addRepository(String id, String url) {
        added.removeIf(r -> r.getId().equals(id));
        added.add(new RemoteRepository.Builder(id, "default", url).build());
    }

    /** The repositories searched, in order. */
    public synchronized List<RemoteRepository> repositories() {
        List<RemoteRepository> all = new ArrayList<>(added);
        if (added.stream().noneMatch(r -> r.getId().equals(CENTRAL.getId()))) {
            all.add(CENTRAL);
        }
        return all;
    }

    /**
     * Resolves {@code coordinates} ({@code groupId:artifactId[:extension[:classifier]]:version})
     * with their runtime dependencies, reporting downloads on {@code progress}.
     */
    public synchronized List<ResolvedDependency> resolve(List<String> coordinates, PrintStream progress)
            throws IOException, DependencyResolutionException {
        MavenSettings settings = MavenSettings.load();
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        try (CloseableSession session = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(settings.localRepository())
                .setMirrorSelector(settings.mirrorSelector())
                .setAuthenticationSelector(settings.authenticationSelector())
                .setProxySelector(settings.proxySelector())
                .setOffline(settings.offline())
                .setSystemProperties(System.getProperties())
                .setTransferListener(new Progress(progress))
                .build()) {
            CollectRequest collect = new CollectRequest();
            for (String coordinate : coordinates) {
                collect.addDependency(new Dependency(new DefaultArtifact(coordinate), JavaScopes.RUNTIME));
            }
            collect.setRepositories(system.newResolutionRepositories(session, repositories()));
            DependencyResult result = system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)));
            List<ResolvedDependency> resolved = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (DependencyNode direct : result.getRoot().getChildren()) {
                collect(direct, coordinateOf(direct.getArtifact()), resolved, seen);
            }
            for (ArtifactResult artifact : result.getArtifactResults()) {
                String coordinate = coordinateOf(artifact.getArtifact());
                if (seen.add(coordinate)) {
                    resolved.add(new ResolvedDependency(coordinate, coordinate, artifact.getArtifact().getPath()));
                }
            }
            return resolved;
        }
    }

    private static void collect(DependencyNode node, String requested, List<ResolvedDependency> into, Set<String> seen) {
        Artifact artifact = node.getArtifact();
        if (artifact != null && artifact.getPath() != null && seen.add(coordinateOf(artifact))) {
            into.add(new ResolvedDependency(coordinateOf(artifact), requested, artifact.getPath()));
        }
        for (DependencyNode child : node.getChildren()) {
            collect(child, requested, into, seen);
        }
    }

    static String coordinateOf(Artifact artifact) {
        StringBuilder text = new StringBuilder(artifact.getGroupId()).append(':').append(artifact.getArtifactId());
        if (!"jar".equals(artifact.getExtension()) || !artifact.getClassifier().isEmpty()) {
            text.append(':').append(artifact.getExtension());
        }
        if (!artifact.getClassifier().isEmpty()) {
            text.append(':').append(artifact.getClassifier());
        }
        return text.append(':').append(artifact.getVersion()).toString();
    }

    /** Prints one line per download so that the user sees progress. */
    private static final class Progress extends AbstractTransferListener {
        private final PrintStream out;

        Progress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void transferStarted(TransferEvent event) {
            out.println("Downloading " + event.getResource().getRepositoryUrl() + event.getResource().getResourceName());
            out.flush();
        }

        @Override
        public void transferSucceeded(TransferEvent event) {
            long bytes = event.getTransferredBytes();
            out.println("Downloaded  " + event.getResource().getResourceName() + " (" + (bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " B") + ")");
            out.flush();
        }
    }

    /** The local files of {@code resolved}, in order. */
    public static List<Path> files(List<ResolvedDependency> resolved) {
        return resolved.stream().map(ResolvedDependency::file).toList();
    }
}
