/**
 * Interactive Jupyter widgets from Java: models kept in the kernel and synchronised with their
 * views in JupyterLab, Notebook 7 or VS Code over the widget messaging protocol 2.1 (ipywidgets 8).
 *
 * <pre>{@code
 * var n = new IntSlider(4, 1, 12);
 * n.description("n");
 * interact(() -> System.out.println(n.value() * n.value()), n)   // shown as the cell's value
 * }</pre>
 *
 * Controls ({@link dev.jtrack.widgets.IntSlider}, {@link dev.jtrack.widgets.Dropdown},
 * {@link dev.jtrack.widgets.Button}, ...) have typed {@code value()}, {@code value(v)} and
 * {@code onValue(listener)}; every widget has {@link dev.jtrack.widgets.Widget#get},
 * {@link dev.jtrack.widgets.Widget#set}, {@link dev.jtrack.widgets.Widget#onChange} and a
 * {@link dev.jtrack.widgets.Layout}. Listeners and clicks run on the kernel's execution thread like
 * cell code. {@link dev.jtrack.widgets.Widgets} has {@code interact}, {@code link},
 * {@code jslink}, {@code hbox} and {@code vbox}; the kernel imports it and the widget classes into
 * every notebook ({@link dev.jtrack.widgets.WidgetsExtension}). Without a front end (a plain
 * program, {@code jtrack run}) widgets are ordinary objects shown as text.
 */
package dev.jtrack.widgets;
