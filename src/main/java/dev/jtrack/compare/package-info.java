/**
 * Runs as data: search runs into Tablesaw tables ({@link dev.jtrack.compare.Runs},
 * {@link dev.jtrack.compare.RunQuery}, {@link dev.jtrack.compare.RunTable}), chart them with XChart
 * ({@link dev.jtrack.compare.Charts}, {@link dev.jtrack.compare.HistoryOptions}), watch metrics live
 * ({@link dev.jtrack.compare.LiveChart}), and the notebook magics {@code %runs}, {@code %best},
 * {@code %plot}, {@code %compare} and {@code %%live} ({@link dev.jtrack.compare.CompareExtension}).
 * Notebook code uses it after {@code import dev.jtrack.compare.*;}.
 */
package dev.jtrack.compare;
