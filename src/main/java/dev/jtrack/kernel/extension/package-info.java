/**
 * The kernel's extension point. A jar becomes a kernel extension by implementing
 * {@link dev.jtrack.kernel.extension.KernelExtension} and naming the class in
 * {@code META-INF/services/dev.jtrack.kernel.extension.KernelExtension}:
 *
 * <pre>{@code
 * public class Shout implements KernelExtension {
 *     public void onStart(KernelSession session) {
 *         session.registerLineMagic("shout", (args, context) -> args.toUpperCase());
 *     }
 *
 *     public void afterCell(CellRecord cell) {
 *         // cell.code(), cell.status(), cell.duration(), cell.variables(), cell.outputs(), ...
 *     }
 * }
 * }</pre>
 *
 * Put the jar on the kernel's classpath (loaded at start) or add it in a notebook with
 * {@code %classpath path/to/ext.jar} or {@code %maven group:artifact:version} (loaded then).
 * Hooks run on the execution thread and must return quickly; failures are reported on stderr and
 * never fail the cell.
 */
package dev.jtrack.kernel.extension;
