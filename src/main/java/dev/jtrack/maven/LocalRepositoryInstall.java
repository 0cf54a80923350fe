package dev.jtrack.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a jar into a local Maven repository as {@code mvn install} would (the jar, a POM and the
 * local metadata files), so that another Maven build on this machine can depend on it.
 */
public final class LocalRepositoryInstall {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern VERSION = Pattern.compile("<version>([^<]+)</version>");

    private LocalRepositoryInstall() {}

    /**
     * Installs {@code jar} as {@code groupId:artifactId:version} with a POM that declares no
     * dependencies (the jar carries what it needs).
     *
     * @return the folder the files were written to
     */
    public static Path install(Path repository, String groupId, String artifactId, String version, Path jar,
                               String description) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no jar at " + jar);
        }
        Path artifactDir = repository.resolve(groupId.replace('.', '/')).resolve(artifactId);
        Path versionDir = artifactDir.resolve(version);
        Files.createDirectories(versionDir);
        String base = artifactId + "-" + version;
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
        copyAtomically(jar, versionDir.resolve(base + ".jar"));
        writeAtomically(versionDir.resolve(base + ".pom"), pom(groupId, artifactId, version, description));
        if (version.endsWith("-SNAPSHOT")) {
            writeAtomically(versionDir.resolve("maven-metadata-local.xml"), snapshotMetadata(groupId, artifactId, version, now));
        }
        Path artifactMetadata = artifactDir.resolve("maven-metadata-local.xml");
        TreeSet<String> versions = new TreeSet<>();
        if (Files.isRegularFile(artifactMetadata)) {
            Matcher known = VERSION.matcher(Files.readString(artifactMetadata));
            while (known.find()) {
                versions.add(known.group(1));
            }
        }
        versions.add(version);
        writeAtomically(artifactMetadata, artifactMetadata(groupId, artifactId, version, versions, now));
        return versionDir;
    }

    static String pom(String groupId, String artifactId, String version, String description) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <packaging>jar</packaging>
                  <description>%s</description>
                </project>
                """.formatted(groupId, artifactId, version, xml(description));
    }

    private static String snapshotMetadata(String groupId, String artifactId, String version, String now) {
        StringBuilder snapshots = new StringBuilder();
        for (String extension : new String[] {"jar", "pom"}) {
            snapshots.append("""
                          <snapshotVersion>
                            <extension>%s</extension>
                            <value>%s</value>
                            <updated>%s</updated>
                          </snapshotVersion>
                    """.formatted(extension, version, now));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata modelVersion="1.1.0">
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <versioning>
                    <snapshot>
                      <localCopy>true</localCopy>
                    </snapshot>
                    <lastUpdated>%s</lastUpdated>
                    <snapshotVersions>
                %s    </snapshotVersions>
                  </versioning>
                </metadata>
                """.formatted(groupId, artifactId, version, now, snapshots);
    }

    private static String artifactMetadata(String groupId, String artifactId, String latest, TreeSet<String> versions, String now) {
        StringBuilder list = new StringBuilder();
        for (String v : versions) {
            list.append("      <version>").append(xml(v)).append("</version>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                  <versioning>
                    <latest>%s</latest>
                    <versions>
                %s    </versions>
                    <lastUpdated>%s</lastUpdated>
                  </versioning>
                </metadata>
                """.formatted(groupId, artifactId, latest, list, now);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path temp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".part");
        try {
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeAtomically(Path to, String text) throws IOException {
        Path temp = Files.createTempFile(to.getParent(), to.getFileName().toString(), ".part");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
