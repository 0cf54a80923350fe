package dev.jtrack.store.sql;

import dev.jtrack.tracking.search.Comparator;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tag terms of a registered-model or model-version search, with MLflow's semantics.
 *
 * <p>A tag term needs the tag: an entity lacking it matches no comparison, {@code !=} included
 * (each term is a correlated {@code EXISTS}, so a filter may have many terms without a join per
 * term). The one exception is MLflow's prompt marker {@value #IS_PROMPT_TAG}, as MLflow's SQL
 * registry treats it: unless the filter asks for prompts (its first term on that tag is
 * {@code = 'true'} or {@code != 'false'}), terms on that tag are dropped and prompts are left out:
 * registered models whose tag {@value #IS_PROMPT_TAG} is {@code 'true'}, and versions of a model
 * any of whose versions carries that version tag. So the MLflow 3 client's {@code tags.`mlflow.prompt.is_prompt` != 'true'},
 * appended to every registered-model search, keeps the models that lack the tag.
 */
final class RegistrySearchFilter {

    /** The tag that marks a registered model (and its versions) as a prompt. */
    static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";

    private RegistrySearchFilter() {}

    /** The tag table of a registry search and how its rows refer to the searched row. */
    enum Entity {
        /** {@code registered_models m}. */
        REGISTERED_MODEL("registered_model_tags", "t.name = m.name", "m.name"),
        /** {@code model_versions v}. */
        MODEL_VERSION("model_version_tags", "t.name = v.name AND t.version = v.version", "v.name");

        private final String tagTable;
        private final String correlation;
        private final String nameColumn;

        Entity(String tagTable, String correlation, String nameColumn) {
            this.tagTable = tagTable;
            this.correlation = correlation;
            this.nameColumn = nameColumn;
        }
    }

    /**
     * The terms that remain after the prompt rule, the tag terms already appended to {@code q}
     * (each as {@code AND EXISTS (...)}); the caller appends the attribute terms it returns.
     */
    static List<Comparison> appendTagTerms(Sql.Builder q, Dialect dialect, Entity entity, List<Comparison> terms) {
        boolean prompts = queriesPrompts(terms);
        if (!prompts) {
            q.append(" AND NOT EXISTS (SELECT 1 FROM " + entity.tagTable + " p WHERE p.name = " + entity.nameColumn
                    + " AND p.key = ? AND p.value = 'true')").arg(IS_PROMPT_TAG);
        }
        List<Comparison> attributes = new ArrayList<>();
        Map<String, Sql.Builder> byKey = new LinkedHashMap<>();
        for (Comparison t : terms) {
            if (t.type() != KeyType.TAG) {
                attributes.add(t);
            } else if (prompts || !t.key().equals(IS_PROMPT_TAG)) {
                Sql.Builder on = byKey.computeIfAbsent(t.key(), k -> new Sql.Builder());
                on.append(" AND ");
                SqlConditions.string(on, dialect, "t.value", t);
            }
        }
        int n = 0;
        for (Map.Entry<String, Sql.Builder> key : byKey.entrySet()) {
            // One EXISTS per key (an entity has one row per tag key). PostgreSQL plans EXISTS as
            // semi-joins, all together: OFFSET 0 keeps those past the first few per-row probes.
            q.append(" AND EXISTS (SELECT 1 FROM " + entity.tagTable + " t WHERE " + entity.correlation + " AND t.key = ?")
                    .arg(key.getKey());
            q.append(key.getValue().toString());
            q.args.addAll(key.getValue().args);
            q.append(dialect == Dialect.POSTGRESQL && ++n > PLANNED_EXISTS ? " OFFSET 0)" : ")");
        }
        return attributes;
    }

    /** How many tag conditions PostgreSQL may plan as semi-joins. */
    private static final int PLANNED_EXISTS = 6;

    /** Whether the filter's first term on the prompt tag selects prompts, as MLflow decides it. */
    static boolean queriesPrompts(List<Comparison> terms) {
        for (Comparison t : terms) {
            if (t.type() == KeyType.TAG && t.key().equals(IS_PROMPT_TAG) && t.value() instanceof String v) {
                String value = v.toLowerCase(Locale.ROOT);
                return (t.op() == Comparator.EQ && value.equals("true")) || (t.op() == Comparator.NE && value.equals("false"));
            }
        }
        return false;
    }
}
