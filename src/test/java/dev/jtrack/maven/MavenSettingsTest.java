package dev.jtrack.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.aether.repository.RemoteRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenSettingsTest {
    @TempDir
    Path temp;

    @Test
    void readsLocalRepositoryOfflineMirrorsServersAndProxies() throws IOException {
        Path file = temp.resolve("settings.xml");
        Files.writeString(file, """
                <settings>
                  <localRepository>${user.home}/custom-repo</localRepository>
                  <offline>true</offline>
                  <mirrors>
                    <mirror><id>corp</id><mirrorOf>central</mirrorOf><url>https://repo.corp.example/maven</url></mirror>
                  </mirrors>
                  <servers><server><id>corp</id><username>me</username><password>secret</password></server></servers>
                  <proxies>
                    <proxy><active>true</active><protocol>https</protocol><host>proxy.example</host><port>3128</port></proxy>
                    <proxy><active>false</active><host>off.example</host></proxy>
                  </proxies>
                </settings>
                """);
        MavenSettings settings = MavenSettings.load(file);
        assertEquals(Path.of(System.getProperty("user.home"), "custom-repo"), settings.localRepository());
        assertTrue(settings.offline());
        RemoteRepository mirror = settings.mirrorSelector().getMirror(MavenResolver.CENTRAL);
        assertEquals("https://repo.corp.example/maven", mirror.getUrl());
        assertEquals("corp", mirror.getId());
        RemoteRepository other = new RemoteRepository.Builder("other", "default", "https://other.example/").build();
        assertEquals(null, settings.mirrorSelector().getMirror(other));
        assertTrue(settings.authenticationSelector().getAuthentication(mirror) != null);
        assertEquals(List.of("proxy.example"), settings.proxies().stream().map(MavenSettings.ProxyEntry::host).toList());
        assertEquals(3128, settings.proxySelector().getProxy(
                new RemoteRepository.Builder("x", "default", "https://x.example/").build()).getPort());
    }

    @Test
    void missingFileMeansDefaults() throws IOException {
        MavenSettings settings = MavenSettings.load(temp.resolve("absent.xml"));
        assertTrue(settings.localRepository().endsWith(Path.of(".m2", "repository")) || System.getProperty("maven.repo.local") != null);
        assertEquals(List.of(), settings.mirrors());
    }

    @Test
    void brokenFileIsAClearError() throws IOException {
        Path file = temp.resolve("broken.xml");
        Files.writeString(file, "<settings><mirrors>");
        IOException e = assertThrows(IOException.class, () -> MavenSettings.load(file));
        assertTrue(e.getMessage().contains("cannot read Maven settings " + file), e.getMessage());
    }
}
