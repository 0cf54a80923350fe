package dev.jtrack.models.evaluation;

/**
 * The outcome of a champion/challenger promotion.
 *
 * @param promoted whether the alias now points at the challenger
 * @param model the registered model
 * @param alias the alias (e.g. {@code champion})
 * @param challengerVersion the challenger's version
 * @param championVersion the champion's version before, or null when the alias pointed nowhere
 * @param condition the condition as written
 * @param explanation each side of the condition with its value
 * @param challenger the challenger's evaluation (its run records the decision)
 * @param champion the champion's evaluation, or null
 */
public record Promotion(boolean promoted, String model, String alias, String challengerVersion, String championVersion,
        String condition, String explanation, Evaluation challenger, Evaluation champion) {

    /** Tag on the challenger's evaluation run: {@code promoted} or {@code refused}. */
    public static final String DECISION_TAG = "jtrack.promotion.decision";

    @Override
    public String toString() {
        return (promoted ? "promoted" : "refused") + ": models:/" + model + "@" + alias + " -> version "
                + (promoted ? challengerVersion : championVersion == null ? "(none)" : championVersion) + " (" + condition
                + ": " + explanation + ")";
    }
}
