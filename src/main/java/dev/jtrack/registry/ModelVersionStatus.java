package dev.jtrack.registry;

/** Registration status of a model version (MLflow's {@code ModelVersionStatus}). */
public enum ModelVersionStatus {
    PENDING_REGISTRATION,
    FAILED_REGISTRATION,
    READY
}
