package dev.jtrack.maven;

import java.nio.file.Path;

/**
 * One artifact put on the notebook's classpath by {@code %maven} (or {@code %classpath}, then with
 * a {@code null} coordinate).
 *
 * @param coordinates {@code groupId:artifactId[:extension[:classifier]]:version}, or {@code null}
 * @param requested the coordinate the user asked for that pulled this artifact in (itself for a direct dependency)
 * @param file the jar on disk
 */
public record ResolvedDependency(String coordinates, String requested, Path file) {}
