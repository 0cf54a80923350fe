package dev.jtrack.kernel.comm;

/** Holds the installed {@link Comms}; detached until a kernel installs its own. */
final class CommsHolder {
    static volatile Comms current = new DetachedComms();

    private CommsHolder() {}
}
