package dev.jtrack.models;

/**
 * Sees every request a {@link ScoringServer} answers on {@code /invocations}, scored or refused.
 * It is called on the request's thread after the answer is computed and <em>before</em> it is
 * sent, so a listener that records the event durably makes every answered request recorded.
 * Listeners must be thread-safe and quick; one that throws turns the answer into a 500
 * ({@code INTERNAL_ERROR}): a request that cannot be recorded is not answered as a success.
 */
@FunctionalInterface
public interface PredictionListener {
    /** Called once per answered request. */
    void onPrediction(PredictionEvent event);
}
