package dev.jtrack.runner;

/**
 * How a headless run ended.
 *
 * @param succeeded true when every cell ran without error
 * @param failedCell the index of the failing cell in the output notebook, or -1
 * @param runId the tracked session run's id, or null when the run was not tracked
 * @param message the failure, or null
 */
public record RunResult(boolean succeeded, int failedCell, String runId, String message) {}
