package dev.jtrack.store.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtrack.tracking.ErrorCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property test: at least 10,000 random and adversarial filter strings and JSON bodies (fixed
 * seed, bounded time) against a real server. Every answer must be a success or a 4xx carrying a
 * known MLflow error code in MLflow's error JSON; never a 5xx, never a non-JSON error.
 */
class FuzzTest {

    private static final long SEED = 20261127L;
    private static final int CASES = 10_000;
    private static final long TIME_LIMIT_S = 150;

    @TempDir
    Path dir;

    private final Random rnd = new Random(SEED);
    private final List<String> failures = new ArrayList<>();
    private int sent;
    private int accepted;
    private int refused;

    @Test
    void onlySuccessOrMlflowClientErrors() throws Exception {
        try (ServerFixture server = ServerFixture.start(dir)) {
            RawHttp http = new RawHttp(server.uri());
            JsonNode exp = http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"fuzz\"}").json();
            String expId = exp.get("experiment_id").asText();
            String runId = http.post("/api/2.0/mlflow/runs/create",
                    "{\"experiment_id\":\"" + expId + "\"}").json().at("/run/info/run_id").asText();
            http.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"m\","
                    + "\"value\":1,\"timestamp\":1,\"step\":0}],\"params\":[{\"key\":\"p\",\"value\":\"v\"}],"
                    + "\"tags\":[{\"key\":\"t\",\"value\":\"x\"}]}");
            http.post("/api/2.0/mlflow/registered-models/create", "{\"name\":\"fuzz-model\"}");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_S);
            while (sent < CASES && System.nanoTime() < deadline) {
                int kind = rnd.nextInt(10);
                if (kind < 4) {
                    String filter = randomFilter();
                    check(http, "POST", "/api/2.0/mlflow/runs/search",
                            "{\"experiment_ids\":[\"" + expId + "\"],\"filter\":" + jsonString(filter)
                                    + (rnd.nextBoolean() ? ",\"order_by\":[" + jsonString(randomOrderBy()) + "]" : "")
                                    + "}");
                } else if (kind == 4) {
                    String q = "?filter=" + URLEncoder.encode(randomFilter(), StandardCharsets.UTF_8);
                    String[] gets = {"/api/2.0/mlflow/registered-models/search", "/api/2.0/mlflow/model-versions/search"};
                    check(http, "GET", gets[rnd.nextInt(gets.length)] + q, null);
                } else if (kind == 5) {
                    check(http, "POST", "/api/2.0/mlflow/experiments/search",
                            "{\"filter\":" + jsonString(randomFilter()) + "}");
                } else {
                    String endpoint = POST_ENDPOINTS[rnd.nextInt(POST_ENDPOINTS.length)];
                    check(http, "POST", "/api/2.0/mlflow/" + endpoint, randomBody(runId, expId));
                }
            }
        }
        System.out.printf("fuzz: %d cases, %d accepted, %d refused, %d bad%n", sent, accepted, refused, failures.size());
        assertTrue(sent >= CASES, "only " + sent + " cases in " + TIME_LIMIT_S + " s");
        // The generators must reach both sides of the parser/validator, or the test proves little.
        assertTrue(accepted >= 500 && refused >= 2_000, "accepted " + accepted + ", refused " + refused);
        assertTrue(failures.isEmpty(), failures.size() + " bad answers of " + sent + ", e.g.:\n"
                + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
    }

    private void check(RawHttp http, String method, String path, String body) {
        sent++;
        RawHttp.Answer a;
        try {
            a = http.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        } catch (AssertionError connectionFailure) {
            failures.add(method + " " + path + " " + body + " -> " + connectionFailure.getMessage());
            return;
        }
        if (a.status() >= 200 && a.status() < 300) {
            accepted++;
            return;
        }
        refused++;
        String problem = null;
        if (a.status() >= 500 || a.status() < 400) {
            problem = "status " + a.status();
        } else {
            try {
                JsonNode j = MlflowHttp.MAPPER.readTree(a.body());
                String code = j.path("error_code").asText("");
                if (!ErrorCode.fromName(code).name().equals(code)) {
                    problem = "unknown error_code '" + code + "'";
                } else if (!j.hasNonNull("message")) {
                    problem = "no message";
                }
            } catch (Exception e) {
                problem = "error body not JSON";
            }
        }
        if (problem != null) {
            failures.add(problem + ": " + method + " " + abbreviate(path) + " " + abbreviate(String.valueOf(body))
                    + " -> " + a);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    // ----- generators -----

    private static final String[] POST_ENDPOINTS = {
        "runs/log-batch", "runs/log-metric", "runs/log-parameter", "runs/set-tag", "runs/delete-tag",
        "runs/create", "runs/update", "runs/log-inputs", "runs/log-model", "experiments/create",
        "experiments/set-experiment-tag", "experiments/update", "runs/search", "experiments/search",
        "registered-models/create", "model-versions/create", "registered-models/set-tag",
        "model-versions/transition-stage", "registered-models/alias", "registered-models/get-latest-versions",
        "no-such/endpoint",
    };

    private static final String[] IDENTS = {
        "metrics.m", "metrics.`m`", "metrics.\"m\"", "params.p", "params.`a b`", "tags.t", "tags.\"mlflow.runName\"",
        "attributes.status", "attributes.run_name", "attributes.start_time", "attributes.end_time", "run_id",
        "attributes.run_id", "attributes.artifact_uri", "datasets.name", "datasets.digest", "datasets.context",
        "status", "name", "version", "tags.`x", "metrics.", ".", "params.p.q", "attributes.nope", "foo",
        "metric.m", "attribute.status", "tag.t", "param.p", "`metrics`.m", "creation_time", "last_update_time",
        "run_name", "user_id", "source_path", "run_uuid",
    };

    private static final String[] OPS = {
        "=", "!=", "<", ">", "<=", ">=", "LIKE", "ILIKE", "IN", "NOT IN", "like", "==", "<>", "~", "IS", "IS NOT",
        "", "=!", "NOT", "BETWEEN",
    };

    private static final String[] VALUES = {
        "'x'", "\"x\"", "1", "-1.5", "1e400", "-0", "NaN", "'NaN'", "('a','b')", "('a')", "()", "'unterminated",
        "\"unterminated", "'%'", "'%a_b%'", "'RUNNING'", "0123", "9223372036854775808", "'\\''", "''", "null",
        "NULL", "true", "'\u0000'", "'é中🙂'", "('0123456789abcdef0123456789abcdef')", "x", "'a''b'", "-",
        "1.0.0", "0x1F", "'" + "z".repeat(300) + "'",
    };

    private String randomFilter() {
        int mode = rnd.nextInt(7);
        if (mode == 6) {
            int n = 1 + rnd.nextInt(4);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : " AND ").append(validTerm());
            }
            return sb.toString();
        }
        if (mode == 0) {
            return randomText(rnd.nextInt(60));
        }
        if (mode == 1) {
            // up to 120 terms, beyond what any sane query needs
            int n = 1 + rnd.nextInt(120);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(rnd.nextInt(20) == 0 ? " OR " : " AND ");
                }
                sb.append(term());
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(term());
        int extra = rnd.nextInt(4);
        for (int i = 0; i < extra; i++) {
            sb.append(rnd.nextInt(8) == 0 ? pick(new String[] {" OR ", " and ", " AND(", ";", " -- ", ")", ""}) : " AND ");
            sb.append(term());
        }
        String s = sb.toString();
        if (mode == 2 && !s.isEmpty()) {
            s = mutate(s);
        }
        return s;
    }

    /** A term the grammar accepts, with random keys and values. */
    private String validTerm() {
        return switch (rnd.nextInt(6)) {
            case 0 -> "metrics.`" + randomText(1 + rnd.nextInt(5)).replace("`", "") + "` " + pick(new String[] {
                "=", "!=", "<", ">", "<=", ">="}) + " " + (rnd.nextGaussian() * 100);
            case 1 -> "params.\"" + randomText(1 + rnd.nextInt(5)).replace("\"", "") + "\" " + pick(new String[] {
                "=", "!=", "LIKE", "ILIKE"}) + " '" + randomText(rnd.nextInt(6)).replace("'", "''") + "'";
            case 2 -> "tags.t " + pick(new String[] {"=", "!=", "LIKE", "ILIKE"}) + " '%" + (char) ('a' + rnd.nextInt(26))
                    + "%'";
            case 3 -> "attributes.status " + pick(new String[] {"=", "!="}) + " '"
                    + pick(new String[] {"RUNNING", "FINISHED", "FAILED", "KILLED", "SCHEDULED"}) + "'";
            case 4 -> "attributes.start_time " + pick(new String[] {">", "<", ">=", "<=", "=", "!="}) + " "
                    + rnd.nextLong();
            default -> "run_id IN ('" + Long.toHexString(rnd.nextLong()) + "', '0123456789abcdef0123456789abcdef')";
        };
    }

    private String term() {
        return pick(IDENTS) + " " + pick(OPS) + " " + pick(VALUES);
    }

    private String randomOrderBy() {
        String[] keys = {"metrics.m", "params.p", "tags.t", "attributes.start_time", "start_time", "run_name",
            "metrics.`a b`", "nope", "", "metrics.m DESC", "attributes.status ASC NULLS FIRST", "metrics.m ASC, x"};
        String[] dirs = {"", " ASC", " DESC", " asc", " SIDEWAYS", " ASC DESC"};
        String s = pick(keys) + pick(dirs);
        return rnd.nextInt(4) == 0 ? mutate(s.isEmpty() ? "x" : s) : s;
    }

    private String mutate(String s) {
        StringBuilder sb = new StringBuilder(s);
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n && sb.length() > 0; i++) {
            int at = rnd.nextInt(sb.length());
            switch (rnd.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, randomChar());
                default -> sb.setCharAt(at, randomChar());
            }
        }
        return sb.toString();
    }

    private char randomChar() {
        String special = "'\"`()=<>!%_\\,. \t\n\u0000é中";
        return rnd.nextBoolean() ? special.charAt(rnd.nextInt(special.length())) : (char) (32 + rnd.nextInt(95));
    }

    private String randomText(int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(rnd.nextInt(10) == 0 ? (char) rnd.nextInt(0xD7FF) : randomChar());
        }
        return sb.toString();
    }

    private static final String[] FIELDS = {
        "run_id", "run_uuid", "experiment_id", "key", "value", "timestamp", "step", "metrics", "params", "tags",
        "name", "new_name", "status", "end_time", "start_time", "run_name", "user_id", "filter", "max_results",
        "order_by", "page_token", "experiment_ids", "run_view_type", "view_type", "datasets", "model_json",
        "artifact_location", "source", "version", "stage", "archive_existing_versions", "alias", "stages",
        "description",
    };

    private String randomBody(String runId, String expId) {
        int mode = rnd.nextInt(12);
        switch (mode) {
            case 0:
                return randomText(rnd.nextInt(40)); // not JSON at all
            case 1:
                return pick(new String[] {"[]", "null", "1", "\"x\"", "true", "{", "{\"run_id\":", "{}}", "",
                    "{\"a\":1,\"a\":2}", "[" .repeat(2000), "{\"run_id\":\"" + runId + "\"" + ",\"x\":[".repeat(500)});
            default:
                StringBuilder sb = new StringBuilder("{");
                int n = rnd.nextInt(7);
                boolean first = true;
                if (rnd.nextInt(3) > 0) {
                    sb.append("\"run_id\":\"").append(runId).append('"');
                    first = false;
                }
                if (rnd.nextInt(3) == 0) {
                    sb.append(first ? "" : ",").append("\"experiment_id\":\"").append(expId).append('"');
                    first = false;
                }
                for (int i = 0; i < n; i++) {
                    sb.append(first ? "" : ",").append(jsonString(pick(FIELDS))).append(':').append(randomValue(2));
                    first = false;
                }
                return sb.append('}').toString();
        }
    }

    private String randomValue(int depth) {
        int k = rnd.nextInt(depth > 0 ? 16 : 12);
        return switch (k) {
            case 0 -> "null";
            case 1 -> rnd.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(rnd.nextLong());
            case 3 -> pick(new String[] {"1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "1.5",
                "NaN", "Infinity", "-Infinity", "1E-400", "0.0", "-0", "00", "1e", "+1", ".5"});
            case 4 -> Double.toString(rnd.nextGaussian() * 1e6);
            case 5 -> jsonString(randomText(rnd.nextInt(20)));
            case 6 -> jsonString(pick(new String[] {"NaN", "Infinity", "RUNNING", "FINISHED", "ACTIVE_ONLY", "ALL",
                "Production", "None", "m", "p", "t", "", " ", "..", "../x", "a/b", "x".repeat(6001)}));
            case 7 -> jsonString("k" + rnd.nextInt(5));
            case 8 -> Integer.toString(rnd.nextInt(2000) - 1000);
            case 9 -> jsonString("\u0000");
            case 10 -> jsonString("x".repeat(rnd.nextBoolean() ? 250 : 251));
            case 11 -> "\"\\ud800\""; // lone surrogate
            case 12 -> "[" + randomValue(depth - 1) + "," + randomValue(depth - 1) + "]";
            case 13 -> "[{\"key\":" + randomValue(depth - 1) + ",\"value\":" + randomValue(depth - 1)
                    + ",\"timestamp\":" + randomValue(depth - 1) + ",\"step\":" + randomValue(depth - 1) + "}]";
            case 14 -> "{\"key\":" + randomValue(depth - 1) + "}";
            default -> "[]";
        };
    }

    private <T> T pick(T[] options) {
        return options[rnd.nextInt(options.length)];
    }

    static String jsonString(String s) {
        try {
            return MlflowHttp.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
