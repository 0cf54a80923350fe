/**
 * The Jupyter messaging protocol 5.3 over ZeroMQ (JeroMQ): connection files, the five sockets,
 * the wire format with its HMAC-SHA256 signatures, and message headers.
 *
 * <p>Why our own implementation rather than {@code jjava-jupyter} or {@code jupyter-jvm-basekernel}:
 * those libraries fix the threading model (one shell thread that also runs the cell, so completion
 * and inspection wait for a running cell), speak an older protocol subset (no {@code status} in
 * kernel_info, limited history and comm handling) and pull in a second JSON library on the start
 * path. The wire protocol is small and well specified, so owning it gives us the full 5.3 surface,
 * a control channel that always answers, and a faster start. All socket I/O happens on one thread
 * ({@link dev.jtrack.kernel.protocol.KernelSockets}); other threads hand it signed frames through an
 * in-process queue, because ZeroMQ sockets must not be shared between threads.
 */
package dev.jtrack.kernel.protocol;
