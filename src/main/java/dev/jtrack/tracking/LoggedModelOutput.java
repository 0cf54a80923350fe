package dev.jtrack.tracking;

/**
 * A logged model a run produced ({@code runs/outputs}) or used as input ({@code step} is then 0).
 *
 * @param modelId the logged model
 * @param step the step at which the run produced it
 */
public record LoggedModelOutput(String modelId, long step) {}
