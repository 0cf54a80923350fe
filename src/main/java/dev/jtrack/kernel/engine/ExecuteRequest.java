package dev.jtrack.kernel.engine;

import java.util.Map;

/**
 * One execute_request as the engine sees it.
 *
 * @param code the cell's source
 * @param executionCount the count this execution is shown with (already incremented by the kernel
 *     when {@code storeHistory} is true)
 * @param cellId the front end's cell id from the request metadata, or {@code null}
 * @param silent Jupyter's {@code silent}: no output is broadcast and nothing is recorded
 * @param storeHistory Jupyter's {@code store_history}
 * @param allowStdin Jupyter's {@code allow_stdin}
 * @param metadata the request's metadata, as received
 */
public record ExecuteRequest(
        String code,
        int executionCount,
        String cellId,
        boolean silent,
        boolean storeHistory,
        boolean allowStdin,
        Map<String, Object> metadata) {}
