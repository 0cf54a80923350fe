package dev.jtrack.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtrack.server.auth.Role;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetcherFactories;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /graphql}: the GraphQL queries MLflow's server answers for its web UI, with MLflow's
 * schema ({@code graphql/mlflow.graphqls}): {@code mlflowGetExperiment}, {@code mlflowGetRun}
 * (a run also gives its {@code experiment} and {@code modelVersions}), {@code mlflowSearchRuns},
 * {@code mlflowListArtifacts}, {@code mlflowGetMetricHistoryBulkInterval},
 * {@code mlflowSearchModelVersions}, {@code mlflowSearchDatasets} and the echo field {@code test}.
 *
 * <p>Each root field runs the REST endpoint of the same name in-process, so GraphQL answers exactly
 * what REST answers. Fields read the REST reply's snake_case fields; a field the reply omits reads
 * as protobuf's default (empty string, 0, false, empty list), as MLflow's protobuf-backed resolvers
 * do; a NaN metric value reads as null. Before running, a query is held to MLflow's limits (depth
 * 10, 1000 selections, {@code MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS} root fields and
 * {@code MLFLOW_SERVER_GRAPHQL_MAX_ALIASES} aliases per selection set, 10 each by default). The
 * reply is always {@code {"data": ..., "errors": [message, ...] | null}} with status 200, as MLflow's.
 */
final class GraphqlEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "/dev/jtrack/server/graphql/mlflow.graphqls";

    private final ApiRoutes api;
    private final Access access;
    private final long maxBodyBytes;
    private final GraphqlLimits limits = GraphqlLimits.fromEnvironment();
    private GraphQL graphql;

    GraphqlEndpoint(ApiRoutes api, Access access, long maxBodyBytes) {
        this.api = api;
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Built on first use: the UI's REST paths and the server's start do not wait for the schema. */
    private synchronized GraphQL graphql() {
        if (graphql == null) {
            graphql = GraphQL.newGraphQL(schema()).defaultDataFetcherExceptionHandler(new PlainMessages()).build();
        }
        return graphql;
    }

    void register(Javalin app) {
        app.post("/graphql", this::handle);
        app.get("/graphql", this::handle);
    }

    private GraphQLSchema schema() {
        TypeDefinitionRegistry types;
        try (InputStream in = GraphqlEndpoint.class.getResourceAsStream(SCHEMA)) {
            if (in == null) throw new IllegalStateException("missing resource " + SCHEMA);
            types = new SchemaParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(GraphqlValues.LONG_STRING)
                .codeRegistry(GraphQLCodeRegistry.newCodeRegistry()
                        .defaultDataFetcher(DataFetcherFactories.useDataFetcher(GraphqlValues::field)))
                .type("Query", t -> t
                        .dataFetcher("mlflowGetExperiment", rest("GET", "experiments/get"))
                        .dataFetcher("mlflowGetMetricHistoryBulkInterval", rest("GET", "metrics/get-history-bulk-interval"))
                        .dataFetcher("mlflowGetRun", rest("GET", "runs/get"))
                        .dataFetcher("mlflowListArtifacts", rest("GET", "artifacts/list"))
                        .dataFetcher("mlflowSearchModelVersions", rest("GET", "model-versions/search"))
                        .dataFetcher("mlflowSearchRuns", rest("POST", "runs/search"))
                        .dataFetcher("test", GraphqlEndpoint::echo))
                .type("Mutation", t -> t
                        .dataFetcher("mlflowSearchDatasets", rest("POST", "experiments/search-datasets"))
                        .dataFetcher("mlflowSearchRuns", rest("POST", "runs/search"))
                        .dataFetcher("testMutation", GraphqlEndpoint::echo))
                .type("MlflowRunExtension", t -> t
                        .dataFetcher("experiment", this::runExperiment)
                        .dataFetcher("modelVersions", this::runModelVersions))
                .build();
        return new SchemaGenerator().makeExecutableSchema(types, wiring);
    }

    private static Map<String, Object> echo(DataFetchingEnvironment env) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("output", env.getArgument("inputString"));
        return out;
    }

    /** A root field answered by the REST endpoint {@code path} with the field's {@code input} as its request. */
    private DataFetcher<JsonNode> rest(String method, String path) {
        return env -> call(method, path, GraphqlValues.request(env.getArgument("input")));
    }

    private JsonNode call(String method, String path, ObjectNode request) throws Exception {
        ObjectNode reply = api.invoke(method, path, request);
        if (reply == null) {
            throw ApiException.endpointNotFound("This server does not serve " + path + ".");
        }
        return reply;
    }

    private JsonNode runExperiment(DataFetchingEnvironment env) throws Exception {
        JsonNode run = env.getSource();
        ObjectNode request = JsonNodeFactory.instance.objectNode()
                .put("experiment_id", run.path("info").path("experiment_id").asText());
        return call("GET", "experiments/get", request).get("experiment");
    }

    private List<JsonNode> runModelVersions(DataFetchingEnvironment env) throws Exception {
        JsonNode run = env.getSource();
        String runId = run.path("info").path("run_id").asText();
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("filter", "run_id='" + runId.replace("'", "") + "'");
        ObjectNode reply = api.invoke("GET", "model-versions/search", request);
        List<JsonNode> versions = new ArrayList<>();
        if (reply != null) reply.path("model_versions").forEach(versions::add);
        return versions;
    }

    private void handle(Context ctx) throws IOException {
        access.require(ctx, Role.READ);
        String query;
        String operationName;
        Map<String, Object> variables;
        if (ctx.method().name().equals("GET") && ctx.queryParam("query") != null) {
            query = ctx.queryParam("query");
            operationName = ctx.queryParam("operationName");
            String vars = ctx.queryParam("variables");
            variables = vars == null || vars.isBlank() ? Map.of() : toMap(JsonBody.parseObject(vars.getBytes(StandardCharsets.UTF_8)));
        } else {
            ObjectNode body = JsonBody.parseObject(ApiRoutes.readBody(ctx, maxBodyBytes));
            query = body.path("query").isTextual() ? body.get("query").textValue() : null;
            operationName = body.path("operationName").isTextual() ? body.get("operationName").textValue() : null;
            variables = body.path("variables").isObject() ? toMap((ObjectNode) body.get("variables")) : Map.of();
        }
        ObjectNode reply = JSON.createObjectNode();
        if (query == null || query.isBlank()) {
            reply.putNull("data");
            reply.putArray("errors").add("Must provide query string.");
        } else {
            answer(query, operationName, variables, reply);
        }
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(reply));
    }

    private void answer(String query, String operationName, Map<String, Object> variables, ObjectNode reply) {
        try {
            Document document = Parser.parse(query);
            String refused = limits.check(document);
            if (refused != null) {
                reply.putNull("data");
                reply.putArray("errors").add(refused);
                return;
            }
        } catch (InvalidSyntaxException e) {
            reply.putNull("data");
            reply.putArray("errors").add(e.getMessage());
            return;
        }
        ExecutionResult result = graphql().execute(ExecutionInput.newExecutionInput()
                .query(query).operationName(operationName).variables(variables).build());
        reply.set("data", JSON.valueToTree(result.getData()));
        if (result.getErrors().isEmpty()) {
            reply.putNull("errors");
        } else {
            ArrayNode errors = reply.putArray("errors");
            for (GraphQLError e : result.getErrors()) errors.add(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(ObjectNode node) {
        return JSON.convertValue(node, Map.class);
    }

    /** A resolver's failure becomes an error whose message is the failure's own, as MLflow reports it. */
    private static final class PlainMessages implements DataFetcherExceptionHandler {
        @Override
        public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
                graphql.execution.DataFetcherExceptionHandlerParameters params) {
            Throwable t = params.getException();
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            GraphQLError error = GraphqlErrorBuilder.newError(params.getDataFetchingEnvironment()).message("%s", message).build();
            return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(error).build());
        }
    }
}
