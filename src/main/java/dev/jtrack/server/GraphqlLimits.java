package dev.jtrack.server;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.SelectionSetContainer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The limits MLflow's server puts on a GraphQL query before running it, with its messages: depth
 * at most {@value #MAX_DEPTH}, at most {@value #MAX_SELECTIONS} field selections in all, at most
 * {@code maxRootFields} root fields, and at most {@code maxAliases} aliases in one selection set.
 *
 * @param maxRootFields {@code MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS}
 * @param maxAliases {@code MLFLOW_SERVER_GRAPHQL_MAX_ALIASES}
 */
record GraphqlLimits(int maxRootFields, int maxAliases) {
    static final int MAX_DEPTH = 10;
    static final int MAX_SELECTIONS = 1000;
    static final String ROOT_FIELDS_VARIABLE = "MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS";
    static final String ALIASES_VARIABLE = "MLFLOW_SERVER_GRAPHQL_MAX_ALIASES";

    /** The limits from the environment variables MLflow reads (10 each when unset or unusable). */
    static GraphqlLimits fromEnvironment() {
        return new GraphqlLimits(positive(System.getenv(ROOT_FIELDS_VARIABLE)), positive(System.getenv(ALIASES_VARIABLE)));
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            return n > 0 ? n : 10;
        } catch (NumberFormatException e) {
            return 10;
        }
    }

    private record Level(SelectionSet set, int depth) {}

    /** Why the query is refused, or null when it is within the limits. */
    String check(Document document) {
        int rootFields = 0;
        int mostAliases = 0;
        int selections = 0;
        for (Definition<?> definition : document.getDefinitions()) {
            if (!(definition instanceof SelectionSetContainer<?> container) || container.getSelectionSet() == null) {
                continue;
            }
            Deque<Level> stack = new ArrayDeque<>();
            stack.push(new Level(container.getSelectionSet(), 1));
            while (!stack.isEmpty()) {
                Level level = stack.pop();
                if (level.depth() > MAX_DEPTH) {
                    return "Query exceeds maximum depth of " + MAX_DEPTH;
                }
                int aliases = 0;
                for (Selection<?> selection : level.set().getSelections()) {
                    if (!(selection instanceof Field field)) {
                        continue;
                    }
                    if (level.depth() == 1) rootFields++;
                    if (field.getAlias() != null) aliases++;
                    if (field.getSelectionSet() != null) stack.push(new Level(field.getSelectionSet(), level.depth() + 1));
                    if (++selections > MAX_SELECTIONS) {
                        return "Query exceeds maximum total selections of " + MAX_SELECTIONS;
                    }
                }
                mostAliases = Math.max(mostAliases, aliases);
            }
        }
        if (rootFields > maxRootFields) {
            return tooMany(maxRootFields, "root fields", rootFields, ROOT_FIELDS_VARIABLE);
        }
        if (mostAliases > maxAliases) {
            return tooMany(maxAliases, "aliases", mostAliases, ALIASES_VARIABLE);
        }
        return null;
    }

    private static String tooMany(int limit, String what, int got, String variable) {
        return "GraphQL queries should have at most " + limit + " " + what + ", got " + got + " " + what
                + ". To increase the limit, set the " + variable + " environment variable.";
    }
}
