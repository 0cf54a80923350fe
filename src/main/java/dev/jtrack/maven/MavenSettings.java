package dev.jtrack.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The parts of Maven's {@code settings.xml} that dependency resolution needs: the local repository,
 * offline mode, mirrors, server credentials and proxies. Read from {@code ~/.m2/settings.xml}, or from the
 * file named by the system property {@code jtrack.maven.settings} or the environment variable
 * {@code JTRACK_MAVEN_SETTINGS}. ({@code maven-settings-builder} would pull in a large part of Maven
 * for these few elements, so they are read with the JDK's XML parser.)
 */
public final class MavenSettings {
    /** A {@code <mirror>} entry. */
    public record Mirror(String id, String url, String mirrorOf, boolean blocked) {}

    /** A {@code <server>} entry with a user name and password. */
    public record Server(String id, String username, String password) {}

    /** An active {@code <proxy>} entry. */
    public record ProxyEntry(String protocol, String host, int port, String username, String password, String nonProxyHosts) {}

    private final Path localRepository;
    private final boolean offline;
    private final List<Mirror> mirrors;
    private final List<Server> servers;
    private final List<ProxyEntry> proxies;

    MavenSettings(Path localRepository, boolean offline, List<Mirror> mirrors, List<Server> servers, List<ProxyEntry> proxies) {
        this.localRepository = localRepository;
        this.offline = offline;
        this.mirrors = List.copyOf(mirrors);
        this.servers = List.copyOf(servers);
        this.proxies = List.copyOf(proxies);
    }

    /** The settings file this process uses. */
    public static Path settingsFile() {
        String configured = System.getProperty("jtrack.maven.settings", System.getenv("JTRACK_MAVEN_SETTINGS"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
    }

    /** Reads {@link #settingsFile()}; defaults when it does not exist. */
    public static MavenSettings load() throws IOException {
        return load(settingsFile());
    }

    /** Reads {@code file}; defaults when it does not exist. */
    public static MavenSettings load(Path file) throws IOException {
        Path defaultLocal = Path.of(System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        if (!Files.isRegularFile(file)) {
            return new MavenSettings(defaultLocal, false, List.of(), List.of(), List.of());
        }
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            document = factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IOException("cannot read Maven settings " + file + ": " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        String local = text(root, "localRepository");
        Path localRepository = local == null ? defaultLocal : Path.of(expand(local));
        boolean offline = "true".equalsIgnoreCase(text(root, "offline"));
        List<Mirror> mirrors = new ArrayList<>();
        for (Element mirror : children(child(root, "mirrors"), "mirror")) {
            mirrors.add(new Mirror(text(mirror, "id"), expand(text(mirror, "url")), text(mirror, "mirrorOf"),
                    "true".equalsIgnoreCase(text(mirror, "blocked"))));
        }
        List<Server> servers = new ArrayList<>();
        for (Element server : children(child(root, "servers"), "server")) {
            servers.add(new Server(text(server, "id"), expand(text(server, "username")), expand(text(server, "password"))));
        }
        List<ProxyEntry> proxies = new ArrayList<>();
        for (Element proxy : children(child(root, "proxies"), "proxy")) {
            String active = text(proxy, "active");
            String host = text(proxy, "host");
            if (host == null || (active != null && !"true".equalsIgnoreCase(active))) {
                continue;
            }
            String protocol = text(proxy, "protocol");
            String port = text(proxy, "port");
            proxies.add(new ProxyEntry(protocol == null ? "http" : protocol, expand(host),
                    port == null ? 8080 : Integer.parseInt(port), expand(text(proxy, "username")),
                    expand(text(proxy, "password")), text(proxy, "nonProxyHosts")));
        }
        return new MavenSettings(localRepository, offline, mirrors, servers, proxies);
    }

    public Path localRepository() {
        return localRepository;
    }

    public boolean offline() {
        return offline;
    }

    public List<Mirror> mirrors() {
        return mirrors;
    }

    public List<ProxyEntry> proxies() {
        return proxies;
    }

    /** The mirrors as the resolver wants them. */
    MirrorSelector mirrorSelector() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror mirror : mirrors) {
            selector.add(mirror.id(), mirror.url(), "default", false, mirror.blocked(),
                    mirror.mirrorOf() == null ? "*" : mirror.mirrorOf(), "*");
        }
        return selector;
    }

    /** The active proxies as the resolver wants them. */
    ProxySelector proxySelector() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (ProxyEntry proxy : proxies) {
            Authentication auth = proxy.username() == null ? null : new AuthenticationBuilder()
                    .addUsername(proxy.username()).addPassword(proxy.password() == null ? "" : proxy.password()).build();
            selector.add(new Proxy(proxy.protocol(), proxy.host(), proxy.port(), auth), proxy.nonProxyHosts());
        }
        return selector;
    }

    /** Server credentials by repository (or mirror) id. */
    AuthenticationSelector authenticationSelector() {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (Server server : servers) {
            if (server.id() != null && server.username() != null) {
                selector.add(server.id(), new AuthenticationBuilder().addUsername(server.username())
                        .addPassword(server.password() == null ? "" : server.password()).build());
            }
        }
        return selector;
    }

    /** Replaces {@code ${user.home}}, {@code ${env.X}} and other system properties. */
    private static String expand(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start);
            if (start < 0 || end < 0) {
                out.append(value.substring(i));
                break;
            }
            out.append(value, i, start);
            String name = value.substring(start + 2, end);
            String replacement = name.startsWith("env.") ? System.getenv(name.substring(4)) : System.getProperty(name);
            out.append(replacement == null ? value.substring(start, end + 1) : replacement);
            i = end + 1;
        }
        return out.toString();
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i) instanceof Element element && name.equals(element.getTagName())) {
                    found.add(element);
                }
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().strip();
    }
}
