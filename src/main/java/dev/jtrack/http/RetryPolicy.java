package dev.jtrack.http;

import java.time.Duration;

/**
 * Exponential backoff for transient failures (HTTP 429 and 5xx, connection failures and timeouts).
 *
 * <p>Both the number of retries and the total time spent retrying are bounded: a call gives up at
 * whichever limit comes first. The delay before retry {@code n} (0-based) is
 * {@code min(maxBackoff, initialBackoff * 2^n)}, with up to 20% random jitter so that many clients
 * hit by one outage do not retry in lock step. A {@code Retry-After} header (seconds) from the
 * server is honoured up to {@code maxBackoff}.
 *
 * @param maxRetries     retries after the first attempt (0 = never retry)
 * @param initialBackoff delay before the first retry
 * @param maxBackoff     cap on one delay
 * @param maxTotal       cap on the whole call including all attempts and delays
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxTotal.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** 5 retries, 200 ms doubling up to 10 s, at most 2 minutes in all. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(2));
    }

    /** Never retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public RetryPolicy withMaxRetries(int n) {
        return new RetryPolicy(n, initialBackoff, maxBackoff, maxTotal);
    }

    public RetryPolicy withInitialBackoff(Duration d) {
        return new RetryPolicy(maxRetries, d, maxBackoff, maxTotal);
    }

    /** The delay before retry number {@code attempt} (0-based), before jitter. */
    public Duration backoff(int attempt) {
        long base = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long d = attempt >= 30 ? cap : Math.min(cap, base << attempt);
        return Duration.ofMillis(Math.max(0, d));
    }

    /** Whether an HTTP status is worth retrying. */
    public static boolean isRetryable(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }
}
