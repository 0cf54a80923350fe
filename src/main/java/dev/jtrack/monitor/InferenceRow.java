package dev.jtrack.monitor;

import java.util.Map;

/**
 * One row of an inference log: an input row of a scored request with the model's output for it,
 * or (row {@code -1}, status not 200) a refused request with its error and no data.
 *
 * @param requestId the request's id
 * @param row the row's index in its request, -1 for an error
 * @param timeMillis when the request arrived (epoch milliseconds)
 * @param latencyMs how long the answer took
 * @param status the HTTP status answered
 * @param error the error message, or null
 * @param inputs input column to value (empty string: missing)
 * @param outputs output column to value
 */
public record InferenceRow(String requestId, int row, long timeMillis, double latencyMs, int status, String error,
        Map<String, String> inputs, Map<String, String> outputs) {

    /** Whether this row is a refused request rather than data. */
    public boolean isError() {
        return status != 200;
    }
}
