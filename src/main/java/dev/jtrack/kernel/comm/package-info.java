/**
 * Jupyter comms as kernel extensions and notebook libraries see them: {@link dev.jtrack.kernel.comm.Comms}
 * registers targets front ends may open comms to and opens comms from the kernel;
 * {@link dev.jtrack.kernel.comm.Comm} sends and receives a comm's messages. Incoming comm messages
 * are handled on the kernel's execution thread, one at a time and in order with cells, like cell
 * code: output goes to the message that caused it, interrupts stop it, exceptions are shown.
 */
package dev.jtrack.kernel.comm;
