package dev.jtrack.artifacts;

/**
 * One entry of an artifact listing, as MLflow's {@code FileInfo}.
 *
 * @param path path relative to the repository root, '/'-separated
 * @param isDir whether the entry is a directory
 * @param fileSize size in bytes; -1 for directories
 */
public record FileInfo(String path, boolean isDir, long fileSize) {}
