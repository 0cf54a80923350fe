package dev.jtrack.recorder;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtrack.artifacts.ArtifactPathException;
import dev.jtrack.artifacts.HttpArtifactRepository.HttpStatusException;
import dev.jtrack.tracking.ErrorCode;
import dev.jtrack.tracking.MlflowException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Which failures keep an entry for a retry and which record it as refused. */
class FailuresTest {

    private static Exception of(ErrorCode code) {
        return Failures.classify(new MlflowException(code, "x"));
    }

    @Test
    void unavailabilityAndCredentialsAreRetried() {
        for (ErrorCode c : new ErrorCode[] {ErrorCode.TEMPORARILY_UNAVAILABLE, ErrorCode.UNAVAILABLE,
                ErrorCode.REQUEST_LIMIT_EXCEEDED, ErrorCode.UNAUTHENTICATED, ErrorCode.PERMISSION_DENIED,
                ErrorCode.DEADLINE_EXCEEDED}) {
            Unreachable u = assertInstanceOf(Unreachable.class, of(c), c.name());
            assertTrue(!u.serverError(), c.name());
        }
        assertInstanceOf(Unreachable.class, Failures.classify(new ConnectException("refused")));
        assertInstanceOf(Unreachable.class, Failures.classify(new HttpStatusException(503, null, "down")));
        assertInstanceOf(Unreachable.class, Failures.classify(new HttpStatusException(401, null, "who?")));
    }

    @Test
    void serverErrorsAreRetriedAsServerErrors() {
        assertTrue(assertInstanceOf(Unreachable.class, of(ErrorCode.INTERNAL_ERROR)).serverError());
        assertTrue(assertInstanceOf(Unreachable.class,
                Failures.classify(new HttpStatusException(500, "INTERNAL_ERROR", "bug"))).serverError());
    }

    @Test
    void invalidInputIsRefused() {
        for (ErrorCode c : new ErrorCode[] {ErrorCode.INVALID_PARAMETER_VALUE, ErrorCode.RESOURCE_DOES_NOT_EXIST,
                ErrorCode.INVALID_STATE, ErrorCode.BAD_REQUEST, ErrorCode.FEATURE_DISABLED, ErrorCode.NOT_IMPLEMENTED}) {
            assertInstanceOf(Refused.class, of(c), c.name());
        }
        assertInstanceOf(Refused.class, Failures.classify(new HttpStatusException(400, "INVALID_PARAMETER_VALUE", "bad")));
        assertInstanceOf(Refused.class, Failures.classify(new HttpStatusException(503, "FEATURE_DISABLED", "no proxy")));
        assertInstanceOf(Refused.class, Failures.classify(new NoSuchFileException("blob")));
        assertInstanceOf(Refused.class, Failures.classify(new ArtifactPathException("../x")));
        assertInstanceOf(Refused.class, Failures.classify(new java.nio.file.AccessDeniedException("/root/x")));
        assertInstanceOf(Unreachable.class, Failures.classify(new java.io.UncheckedIOException(new IOException("disk"))));
    }
}
