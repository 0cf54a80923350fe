package dev.jtrack.kernel.comm;

/** A comm target: what the kernel does when a front end opens a comm to it. */
@FunctionalInterface
public interface CommTarget {
    /**
     * Called on comm_open, on the execution thread; {@code open} is the open message. Throwing
     * closes the comm and shows the error.
     */
    void opened(Comm comm, CommMessage open);
}
