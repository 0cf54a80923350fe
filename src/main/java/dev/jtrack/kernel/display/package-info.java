/**
 * How values are shown: a {@link dev.jtrack.kernel.display.RendererRegistry} picks the most specific
 * {@link dev.jtrack.kernel.display.Renderer} for a value's type (built in: images, Tablesaw tables,
 * XChart charts, {@link dev.jtrack.kernel.display.MimeText}); {@link dev.jtrack.kernel.display.DisplayService}
 * sends display, update and clear messages (what the notebook API's {@code Display} calls).
 */
package dev.jtrack.kernel.display;
