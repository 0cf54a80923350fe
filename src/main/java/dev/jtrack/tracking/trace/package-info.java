/**
 * MLflow 3 tracing domain: a trace's info ({@link dev.jtrack.tracking.trace.TraceInfo}), its spans
 * ({@link dev.jtrack.tracking.trace.Span}, kept as OpenTelemetry JSON), assessments
 * ({@link dev.jtrack.tracking.trace.Assessment}) and the store contract
 * ({@link dev.jtrack.tracking.trace.TraceStore}).
 */
package dev.jtrack.tracking.trace;
