package dev.jtrack.kernel.extension;

import java.time.Instant;

/**
 * A cell about to run.
 *
 * @param code the cell's source
 * @param cellId the front end's cell id, or {@code null} when it sent none
 * @param executionCount the execution count the cell is shown with
 * @param startTime when it starts
 */
public record CellStart(String code, String cellId, int executionCount, Instant startTime) {}
