package dev.jtrack.models;

import tech.tablesaw.api.Table;

/**
 * One answered {@code POST /invocations} request of a {@link ScoringServer}, as its
 * {@link PredictionListener}s see it.
 *
 * @param requestId the client's {@code X-Request-Id}, else one the server generated (echoed in the response)
 * @param timeMillis when the request arrived (epoch milliseconds)
 * @param latencyNanos from arrival to the answer being ready (before listeners run)
 * @param status the HTTP status answered
 * @param input the parsed input rows; null when the request was refused
 * @param output the model's output rows (one per input row); null when the request failed
 * @param error the error message answered; null on success
 */
public record PredictionEvent(String requestId, long timeMillis, long latencyNanos, int status, Table input, Table output,
        String error) {

    /** Whether the request was scored (status 200). */
    public boolean succeeded() {
        return status == 200 && output != null;
    }
}
