package dev.jtrack.server;

import dev.jtrack.server.auth.Authenticator;
import dev.jtrack.server.auth.Role;
import io.javalin.http.Context;

/** Authentication (before every request but /health) and per-endpoint permission checks. */
final class Access {
    private static final String ROLE = "jtrack.role";

    private final Authenticator authenticator;

    Access(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Runs before every request: 401 without valid credentials. */
    void authenticate(Context ctx) {
        if (authenticator == null || ctx.path().equals("/health")) {
            return;
        }
        Role role = authenticator.authenticate(ctx.header("Authorization"));
        if (role == null) {
            throw ApiException.unauthenticated(ctx.header("Authorization") == null
                    ? "You are not authenticated. Please provide valid credentials (HTTP Basic or a Bearer token)."
                    : "Invalid credentials.");
        }
        ctx.attribute(ROLE, role);
    }

    /** 403 unless the request's credentials allow {@code needed}. */
    void require(Context ctx, Role needed) {
        if (authenticator == null) {
            return;
        }
        Role role = ctx.attribute(ROLE);
        if (role == null || !role.allows(needed)) {
            throw ApiException.permissionDenied("Permission denied: this request needs " + needed.name().toLowerCase()
                    + " access.");
        }
    }
}
