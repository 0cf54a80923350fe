package dev.jtrack.server.auth;

/** What an authenticated user or token may do. */
public enum Role {
    /** Read-only: GET requests and searches. */
    READ,
    /** Read and write. */
    WRITE;

    /** Whether this role allows a request needing {@code needed}. */
    public boolean allows(Role needed) {
        return this == WRITE || needed == READ;
    }
}
