package dev.jtrack.kernel.extension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything about one executed cell, given to {@link KernelExtension#afterCell}.
 *
 * @param code the cell's source
 * @param cellId the front end's cell id, or {@code null}
 * @param executionCount the execution count it was shown with
 * @param startTime when it started
 * @param duration how long it ran
 * @param status OK, ERROR or INTERRUPTED
 * @param stdout what it printed on stdout while it ran (capped at 1 MiB)
 * @param stderr what it printed on stderr while it ran (capped at 1 MiB)
 * @param outputs the display_data and update_display_data bundles it sent, in order
 * @param result the rendered value of its final expression, or {@code null}
 * @param error the error when it failed or was interrupted, else {@code null}
 * @param variables the variables it declared or changed
 */
public record CellRecord(
        String code,
        String cellId,
        int executionCount,
        Instant startTime,
        Duration duration,
        CellStatus status,
        String stdout,
        String stderr,
        List<CellOutput> outputs,
        CellOutput result,
        CellError error,
        List<VariableChange> variables) {}
