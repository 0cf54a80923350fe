package dev.jtrack.kernel.protocol;

/** The kernel's ZeroMQ channels, as named in the Jupyter connection file. */
public enum Channel {
    SHELL, CONTROL, STDIN, IOPUB, HEARTBEAT
}
