package dev.jtrack.kernel.extension;

import java.util.List;
import java.util.Set;

/**
 * Sees the calls notebook code makes to methods of given names (e.g. a library's {@code train}),
 * registered with {@link KernelSession#observeCalls}. The kernel rewrites the call sites in the
 * classes of notebook cells, so a call is seen wherever the library is (a jar added with
 * {@code %maven} at any time) and whatever the receiver's static type; calls the library makes
 * internally, or code in jars makes, are not seen.
 *
 * <p>{@link #returned} runs on the thread that made the call, right after the call returned
 * normally (not when it threw): it must be quick and must not throw (what it throws is reported
 * and swallowed). It is called for every method of one of the {@link #methods names} that returns
 * an object, so it first checks whether the result is one it cares about.
 */
public interface CallObserver {
    /** The simple names of the methods whose calls this observer sees, e.g. {@code "train"}. */
    Set<String> methods();

    /**
     * A call of one of {@link #methods} returned.
     *
     * @param method the method's simple name
     * @param result what it returned (may be null)
     * @param arguments the call's arguments (primitives boxed, the receiver not among them), as
     *        they are after the call: arrays the method filled show what it wrote; not to be kept
     * @param elapsedNanos how long the call took
     */
    void returned(String method, Object result, List<Object> arguments, long elapsedNanos);
}
