package dev.jtrack.recorder;

import dev.jtrack.artifacts.HttpArtifactRepository;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** Decides whether a failed delivery is worth retrying. */
final class Failures {
    private Failures() {}

    /**
     * Unreachable when the store was not reached or said it is unavailable (connection failures,
     * 429, 5xx) or rejected our credentials (401/403: fixing them must not lose data); refused
     * for everything else (invalid input, a run that does not exist, a bug).
     */
    static Exception classify(Throwable t) {
        if (t instanceof MlflowException m) {
            int status = m.httpStatus();
            ErrorCode c = m.errorCode();
            if (c == ErrorCode.TEMPORARILY_UNAVAILABLE || c == ErrorCode.UNAVAILABLE || status == 429
                    || c == ErrorCode.UNAUTHENTICATED || c == ErrorCode.PERMISSION_DENIED
                    || c == ErrorCode.CUSTOMER_UNAUTHORIZED || c == ErrorCode.DEADLINE_EXCEEDED) {
                return new Unreachable(c + ": " + m.getMessage(), t, false);
            }
            if (status >= 500 && c != ErrorCode.NOT_IMPLEMENTED && c != ErrorCode.FEATURE_DISABLED) {
                return new Unreachable(c + ": " + m.getMessage(), t, true);
            }
            return new Refused(c + ": " + m.getMessage(), t);
        }
        if (t instanceof HttpArtifactRepository.HttpStatusException h) {
            int s = h.status();
            if ("FEATURE_DISABLED".equals(h.errorCode()) || s == 501) {
                return new Refused(h.getMessage(), t); // e.g. a server without the artifact proxy
            }
            if (s == 429 || s == 503 || s == 401 || s == 403) {
                return new Unreachable(h.getMessage(), t, false);
            }
            if (s >= 500) {
                return new Unreachable(h.getMessage(), t, true);
            }
            return new Refused(h.getMessage(), t);
        }
        if (t instanceof NoSuchFileException) {
            return new Refused("file missing: " + t.getMessage(), t);
        }
        if (t instanceof java.nio.file.FileSystemException f) {
            // a local artifact location we may not write (permissions, a file where a directory
            // should be): retrying cannot help
            return new Refused(f.toString(), t);
        }
        if (t instanceof IOException) {
            return new Unreachable(t.toString(), t, false);
        }
        if (t instanceof java.io.UncheckedIOException u) {
            return classify(u.getCause());
        }
        return new Refused(t.toString(), t);
    }
}
