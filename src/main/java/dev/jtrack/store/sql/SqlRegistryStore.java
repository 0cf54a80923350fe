package dev.jtrack.store.sql;

import dev.jtrack.registry.ModelVersion;
import dev.jtrack.registry.ModelVersionStatus;
import dev.jtrack.registry.ModelVersionTag;
import dev.jtrack.registry.RegisteredModel;
import dev.jtrack.registry.RegisteredModelAlias;
import dev.jtrack.registry.RegisteredModelTag;
import dev.jtrack.registry.RegistryStore;
import dev.jtrack.registry.Stage;
import dev.jtrack.tracking.MlflowException;
import dev.jtrack.tracking.Page;
import dev.jtrack.tracking.search.Comparison;
import dev.jtrack.tracking.search.FilterParser;
import dev.jtrack.tracking.search.KeyType;
import dev.jtrack.tracking.search.OrderBy;
import dev.jtrack.tracking.search.OrderByParser;
import dev.jtrack.tracking.search.PageToken;
import dev.jtrack.tracking.search.SearchGrammar;
import dev.jtrack.tracking.validation.Validation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@link RegistryStore} on SQLite or PostgreSQL, following MLflow's SQL registry rules. */
public final class SqlRegistryStore implements RegistryStore {

    private final Database db;
    private final boolean ownsDatabase;
    private final LongSupplier clock = System::currentTimeMillis;
    private final ModelVersionDao versions = new ModelVersionDao();

    /**
     * A registry over {@code db} (migrating the schema if needed).
     *
     * @param ownsDatabase whether {@link #close()} closes {@code db}
     */
    public SqlRegistryStore(Database db, boolean ownsDatabase) {
        this.db = Objects.requireNonNull(db, "db");
        this.ownsDatabase = ownsDatabase;
        Migrations.migrate(db);
    }

    // ----- registered models -----

    @Override
    public RegisteredModel createRegisteredModel(String name, List<RegisteredModelTag> tags, String description) {
        Validation.modelName(name);
        List<RegisteredModelTag> t = tags == null ? List.of() : tags;
        t.forEach(x -> {
            if (x == null) {
                throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
            }
            Validation.registryTag(x.key(), x.value());
        });
        Validation.length("Description", description, Validation.MAX_TEXT_LENGTH);
        return db.write(c -> {
            if (exists(c, name)) {
                throw MlflowException.alreadyExists("Registered Model (name=%s) already exists.", name);
            }
            long now = clock.getAsLong();
            Sql.update(c, "INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (?, ?, ?, ?)", name, now, now, description);
            for (RegisteredModelTag tag : t) {
                setModelTag(c, name, tag);
            }
            return load(c, name);
        });
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM registered_models WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void requireModel(Connection c, String name) throws SQLException {
        if (!exists(c, name)) {
            throw MlflowException.notFound("Registered Model with name=%s not found", name);
        }
    }

    private static void touch(Connection c, String name, long now) throws SQLException {
        Sql.update(c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", now, name);
    }

    private RegisteredModel load(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, creation_time, last_updated_time, description FROM registered_models WHERE name = ?")) {
            ps.setString(1, name);
            List<RegisteredModel> got = readModels(c, ps);
            if (got.isEmpty()) {
                throw MlflowException.notFound("Registered Model with name=%s not found", name);
            }
            return got.get(0);
        }
    }

    private List<RegisteredModel> readModels(Connection c, PreparedStatement ps) throws SQLException {
        Map<String, Object[]> rows = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getLong(3), rs.getString(4)});
            }
        }
        Map<String, List<RegisteredModelTag>> tags = new HashMap<>();
        Map<String, List<RegisteredModelAlias>> aliases = new HashMap<>();
        for (List<String> chunk : Sql.chunks(rows.keySet())) {
            try (PreparedStatement t = c.prepareStatement("SELECT name, key, value FROM registered_model_tags WHERE name IN ("
                    + Sql.marks(chunk.size()) + ") ORDER BY key")) {
                Sql.bind(t, chunk);
                try (ResultSet rs = t.executeQuery()) {
                    while (rs.next()) {
                        tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new RegisteredModelTag(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            try (PreparedStatement a = c.prepareStatement("SELECT name, alias, version FROM registered_model_aliases WHERE name IN ("
                    + Sql.marks(chunk.size()) + ") ORDER BY alias")) {
                Sql.bind(a, chunk);
                try (ResultSet rs = a.executeQuery()) {
                    while (rs.next()) {
                        aliases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new RegisteredModelAlias(rs.getString(2), Long.toString(rs.getLong(3))));
                    }
                }
            }
        }
        List<RegisteredModel> out = new ArrayList<>();
        for (var e : rows.entrySet()) {
            Object[] r = e.getValue();
            out.add(new RegisteredModel(e.getKey(), (Long) r[0], (Long) r[1], (String) r[2],
                    versions.latestPerStage(c, e.getKey(), List.of()), tags.getOrDefault(e.getKey(), List.of()),
                    aliases.getOrDefault(e.getKey(), List.of())));
        }
        return out;
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) {
        Validation.modelName(name);
        return db.read(c -> load(c, name));
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName) {
        Validation.modelName(name);
        Validation.modelName(newName);
        return db.write(c -> {
            requireModel(c, name);
            if (name.equals(newName)) {
                return load(c, name);
            }
            if (exists(c, newName)) {
                throw MlflowException.alreadyExists("Registered Model (name=%s) already exists.", newName);
            }
            for (String table : new String[] {"registered_models", "registered_model_tags", "model_versions", "model_version_tags",
                "registered_model_aliases"}) {
                Sql.update(c, "UPDATE " + table + " SET name = ? WHERE name = ?", newName, name);
            }
            touch(c, newName, clock.getAsLong());
            return load(c, newName);
        });
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description) {
        Validation.modelName(name);
        Validation.length("Description", description, Validation.MAX_TEXT_LENGTH);
        return db.write(c -> {
            requireModel(c, name);
            Sql.update(c, "UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?", description, clock.getAsLong(), name);
            return load(c, name);
        });
    }

    @Override
    public void deleteRegisteredModel(String name) {
        Validation.modelName(name);
        db.write(c -> {
            requireModel(c, name);
            for (String table : new String[] {"registered_model_aliases", "model_version_tags", "model_versions",
                "registered_model_tags", "registered_models"}) {
                Sql.update(c, "DELETE FROM " + table + " WHERE name = ?", name);
            }
            return null;
        });
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(String filter, int maxResults, List<String> orderBy, String pageToken) {
        PageToken.checkMaxResults(maxResults, SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD);
        List<Comparison> terms = FilterParser.parse(filter, SearchGrammar.REGISTERED_MODELS);
        List<OrderBy> order = OrderByParser.parse(orderBy, SearchGrammar.REGISTERED_MODELS);
        long offset = PageToken.decode(pageToken);
        Sql.Builder q = new Sql.Builder().append(
                "SELECT m.name, m.creation_time, m.last_updated_time, m.description FROM registered_models m WHERE 1 = 1");
        for (Comparison t : terms) {
            q.append(" AND ");
            if (t.type() == KeyType.TAG) {
                q.append("EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = m.name AND t.key = ?").arg(t.key()).append(" AND ");
                SqlConditions.string(q, db.dialect(), "t.value", t);
                q.append(")");
            } else {
                SqlConditions.string(q, db.dialect(), "m.name", t);
            }
        }
        q.append(" ORDER BY ");
        boolean hasName = false;
        for (OrderBy o : order) {
            if (o.type() != KeyType.ATTRIBUTE) {
                throw MlflowException.invalidParameter(
                        "Invalid order_by: registered models can be ordered by name, creation_timestamp or last_updated_timestamp");
            }
            String col = switch (o.key()) {
                case "name" -> "m.name";
                case "creation_timestamp" -> "m.creation_time";
                default -> "m.last_updated_time";
            };
            hasName |= col.equals("m.name");
            q.append(col).append(o.ascending() ? " ASC, " : " DESC, ");
        }
        q.append(hasName ? "m.creation_time ASC" : "m.name ASC");
        q.append(" LIMIT ? OFFSET ?").arg(maxResults + 1).arg(offset);
        return db.read(c -> {
            List<RegisteredModel> got;
            try (PreparedStatement ps = q.prepare(c)) {
                got = readModels(c, ps);
            }
            String next = null;
            if (got.size() > maxResults) {
                got = got.subList(0, maxResults);
                next = PageToken.encode(offset + maxResults);
            }
            return new Page<>(got, next);
        });
    }

    @Override
    public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
        Validation.modelName(name);
        List<Stage> parsed = new ArrayList<>();
        if (stages != null) {
            for (String s : stages) {
                Stage st = Stage.parse(s);
                if (!parsed.contains(st)) {
                    parsed.add(st);
                }
            }
        }
        return db.read(c -> {
            requireModel(c, name);
            return versions.latestPerStage(c, name, parsed);
        });
    }

    private static void setModelTag(Connection c, String name, RegisteredModelTag tag) throws SQLException {
        Sql.update(c, "INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?)"
                + " ON CONFLICT (name, key) DO UPDATE SET value = excluded.value", name, tag.key(), tag.value());
    }

    @Override
    public void setRegisteredModelTag(String name, RegisteredModelTag tag) {
        Validation.modelName(name);
        if (tag == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
        }
        Validation.registryTag(tag.key(), tag.value());
        db.write(c -> {
            requireModel(c, name);
            setModelTag(c, name, tag);
            return null;
        });
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        Validation.modelName(name);
        Validation.key("tag", key);
        db.write(c -> {
            requireModel(c, name);
            Sql.update(c, "DELETE FROM registered_model_tags WHERE name = ? AND key = ?", name, key);
            return null;
        });
    }

    @Override
    public void setRegisteredModelAlias(String name, String alias, String version) {
        Validation.modelName(name);
        Validation.alias(alias);
        long v = Validation.modelVersion(version);
        db.write(c -> {
            requireModel(c, name);
            versions.get(c, name, v);
            Sql.update(c, "INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version", name, alias, v);
            return null;
        });
    }

    @Override
    public void deleteRegisteredModelAlias(String name, String alias) {
        Validation.modelName(name);
        Validation.alias(alias);
        db.write(c -> {
            requireModel(c, name);
            Sql.update(c, "DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?", name, alias);
            return null;
        });
    }

    @Override
    public ModelVersion getModelVersionByAlias(String name, String alias) {
        Validation.modelName(name);
        Validation.required("alias", alias);
        return db.read(c -> {
            requireModel(c, name);
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?")) {
                ps.setString(1, name);
                ps.setString(2, alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw MlflowException.notFound("Registered model alias %s not found.", alias);
                    }
                    return versions.get(c, name, rs.getLong(1));
                }
            }
        });
    }

    // ----- model versions -----

    @Override
    public ModelVersion createModelVersion(String name, String source, String runId, List<ModelVersionTag> tags, String runLink,
            String description) {
        Validation.modelName(name);
        Validation.required("source", source);
        Validation.length("Source", source, Validation.MAX_TEXT_LENGTH);
        if (runId != null && !runId.isEmpty()) {
            Validation.runId(runId);
        }
        Validation.length("Run link", runLink, Validation.MAX_TEXT_LENGTH);
        Validation.length("Description", description, Validation.MAX_TEXT_LENGTH);
        List<ModelVersionTag> t = tags == null ? List.of() : tags;
        t.forEach(x -> {
            if (x == null) {
                throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
            }
            Validation.registryTag(x.key(), x.value());
        });
        return db.write(c -> {
            requireModel(c, name);
            if (db.dialect() == Dialect.POSTGRESQL) {
                // Serialises concurrent version creation per model (SQLite already has a single writer).
                try (PreparedStatement lock = c.prepareStatement("SELECT name FROM registered_models WHERE name = ? FOR UPDATE")) {
                    lock.setString(1, name);
                    lock.executeQuery().close();
                }
            }
            long next;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            long now = clock.getAsLong();
            Sql.update(c, "INSERT INTO model_versions (name, version, creation_time, last_updated_time,"
                    + " description, user_id, current_stage, source, run_id, run_link, status, status_message)"
                    + " VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL)", name, next, now, now, description, Stage.NONE.wireName(), source, runId == null || runId.isEmpty() ? null : runId, runLink, ModelVersionStatus.READY.name());
            for (ModelVersionTag tag : t) {
                setVersionTag(c, name, next, tag);
            }
            touch(c, name, now);
            return versions.get(c, name, next);
        });
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        Validation.modelName(name);
        long v = Validation.modelVersion(version);
        return db.read(c -> versions.get(c, name, v));
    }

    @Override
    public ModelVersion updateModelVersion(String name, String version, String description) {
        Validation.modelName(name);
        long v = Validation.modelVersion(version);
        Validation.length("Description", description, Validation.MAX_TEXT_LENGTH);
        return db.write(c -> {
            versions.get(c, name, v);
            Sql.update(c, "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?", description, clock.getAsLong(), name, v);
            return versions.get(c, name, v);
        });
    }

    @Override
    public ModelVersion transitionModelVersionStage(String name, String version, String stage, boolean archiveExistingVersions) {
        Validation.modelName(name);
        long v = Validation.modelVersion(version);
        Stage target = Stage.parse(stage);
        if (archiveExistingVersions && target != Stage.STAGING && target != Stage.PRODUCTION) {
            throw MlflowException.invalidParameter(
                    "Model version transition cannot archive existing model versions because '%s' is not an Active stage."
                            + " Valid stages are Staging and Production.", target.wireName());
        }
        return db.write(c -> {
            versions.get(c, name, v);
            long now = clock.getAsLong();
            if (archiveExistingVersions) {
                Sql.update(c, "UPDATE model_versions SET current_stage = ?, last_updated_time = ?"
                        + " WHERE name = ? AND current_stage = ? AND version != ?", Stage.ARCHIVED.wireName(), now, name, target.wireName(), v);
            }
            Sql.update(c, "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?", target.wireName(), now, name, v);
            touch(c, name, now);
            return versions.get(c, name, v);
        });
    }

    @Override
    public void deleteModelVersion(String name, String version) {
        Validation.modelName(name);
        long v = Validation.modelVersion(version);
        db.write(c -> {
            versions.get(c, name, v);
            long now = clock.getAsLong();
            Sql.update(c, "UPDATE model_versions SET current_stage = ?, last_updated_time = ?,"
                    + " description = NULL, user_id = NULL, source = 'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID',"
                    + " run_link = 'REDACTED-RUN-LINK', status_message = NULL WHERE name = ? AND version = ?", ModelVersionDao.DELETED_STAGE, now, name, v);
            for (String table : new String[] {"model_version_tags", "registered_model_aliases"}) {
                Sql.update(c, "DELETE FROM " + table + " WHERE name = ? AND version = ?", name, v);
            }
            touch(c, name, now);
            return null;
        });
    }

    @Override
    public Page<ModelVersion> searchModelVersions(String filter, int maxResults, List<String> orderBy, String pageToken) {
        PageToken.checkMaxResults(maxResults, SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD);
        List<Comparison> terms = FilterParser.parse(filter, SearchGrammar.MODEL_VERSIONS);
        List<OrderBy> order = OrderByParser.parse(orderBy, SearchGrammar.MODEL_VERSIONS);
        long offset = PageToken.decode(pageToken);
        Sql.Builder q = new Sql.Builder().append("SELECT " + ModelVersionDao.COLUMNS + " FROM model_versions v WHERE v.current_stage != '"
                + ModelVersionDao.DELETED_STAGE + "'");
        for (Comparison t : terms) {
            q.append(" AND ");
            if (t.type() == KeyType.TAG) {
                q.append("EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version AND t.key = ?")
                        .arg(t.key()).append(" AND ");
                SqlConditions.string(q, db.dialect(), "t.value", t);
                q.append(")");
            } else if (t.value() instanceof Double d) {
                q.append("v.version " + t.op().symbol() + " ?").arg(d);
            } else {
                String col = switch (t.key()) {
                    case "name" -> "v.name";
                    case "run_id" -> "v.run_id";
                    default -> "v.source";
                };
                SqlConditions.string(q, db.dialect(), col, t);
            }
        }
        q.append(" ORDER BY ");
        if (order.isEmpty()) {
            q.append("v.last_updated_time DESC, v.name ASC, v.version DESC");
        } else {
            for (OrderBy o : order) {
                if (o.type() != KeyType.ATTRIBUTE) {
                    throw MlflowException.invalidParameter("Invalid order_by: model versions can be ordered by name, version_number,"
                            + " creation_timestamp, last_updated_timestamp or current_stage");
                }
                String col = switch (o.key()) {
                    case "name" -> "v.name";
                    case "version_number" -> "v.version";
                    case "creation_timestamp" -> "v.creation_time";
                    case "current_stage" -> "v.current_stage";
                    case "last_updated_timestamp" -> "v.last_updated_time";
                    default -> throw MlflowException.invalidParameter("Cannot order model versions by %s", o.key());
                };
                q.append(col).append(o.ascending() ? " ASC, " : " DESC, ");
            }
            q.append("v.name ASC, v.version DESC");
        }
        q.append(" LIMIT ? OFFSET ?").arg(maxResults + 1).arg(offset);
        return db.read(c -> {
            List<ModelVersion> got;
            try (PreparedStatement ps = q.prepare(c)) {
                got = versions.read(c, ps);
            }
            String next = null;
            if (got.size() > maxResults) {
                got = got.subList(0, maxResults);
                next = PageToken.encode(offset + maxResults);
            }
            return new Page<>(got, next);
        });
    }

    @Override
    public String getModelVersionDownloadUri(String name, String version) {
        String source = getModelVersion(name, version).source();
        // A copied version's source is "models:/<name>/<version>" of the version it was copied from:
        // its files are that version's, as MLflow's store records at copy time (bounded, for cycles).
        for (int hop = 0; hop < MAX_COPY_CHAIN; hop++) {
            Matcher m = REGISTERED_VERSION_URI.matcher(source);
            if (!m.matches()) {
                break;
            }
            String from = m.group(1);
            long fromVersion = Long.parseLong(m.group(2));
            List<ModelVersion> original = db.read(c -> versions.find(c, from, fromVersion));
            if (original.isEmpty()) {
                break;
            }
            source = original.get(0).source();
        }
        return source;
    }

    private static final int MAX_COPY_CHAIN = 16;
    private static final Pattern REGISTERED_VERSION_URI = Pattern.compile("models:/([^/@]+)/([0-9]{1,18})");

    private static void setVersionTag(Connection c, String name, long version, ModelVersionTag tag) throws SQLException {
        Sql.update(c, "INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value", name, version, tag.key(), tag.value());
    }

    @Override
    public void setModelVersionTag(String name, String version, ModelVersionTag tag) {
        Validation.modelName(name);
        long v = Validation.modelVersion(version);
        if (tag == null) {
            throw MlflowException.invalidParameter("Missing value for required parameter 'tag'");
        }
        Validation.registryTag(tag.key(), tag.value());
        db.write(c -> {
            versions.get(c, name, v);
            setVersionTag(c, name, v, tag);
            return null;
        });
    }

    @Override
    public void deleteModelVersionTag(String name, String version, String key) {
        Validation.modelName(name);
        long v = Validation.modelVersion(version);
        Validation.key("tag", key);
        db.write(c -> {
            versions.get(c, name, v);
            Sql.update(c, "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?", name, v, key);
            return null;
        });
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            db.close();
        }
    }
}
