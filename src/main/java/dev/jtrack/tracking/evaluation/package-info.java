/**
 * MLflow 3's GenAI evaluation entities: evaluation datasets (records of inputs, outputs and
 * expectations, shared by experiments) and scorers (serialized judges, versioned per experiment).
 */
package dev.jtrack.tracking.evaluation;
