package dev.jtrack.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Small JDBC helpers shared by the DAOs. */
final class Sql {

    /** Most bound values in one IN list; well under SQLite's and PostgreSQL's limits. */
    static final int IN_CHUNK = 500;

    private Sql() {}

    /** {@code ?, ?, ?} with {@code n} marks. */
    static String marks(int n) {
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ", ?");
        }
        return sb.toString();
    }

    /** Splits {@code items} into lists of at most {@link #IN_CHUNK}. */
    static <T> List<List<T>> chunks(Collection<T> items) {
        List<List<T>> out = new ArrayList<>();
        List<T> cur = new ArrayList<>();
        for (T t : items) {
            cur.add(t);
            if (cur.size() == IN_CHUNK) {
                out.add(cur);
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    /** Binds {@code args} to positions 1.. of {@code ps}. */
    static void bind(PreparedStatement ps, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            bind(ps, i + 1, args.get(i));
        }
    }

    /** A NULL of a given SQL type: PostgreSQL refuses a VARCHAR NULL in a BIGINT column. */
    record TypedNull(int sqlType) {}

    /** {@code v}, or a BIGINT NULL. */
    static Object bigint(Long v) {
        return v == null ? new TypedNull(Types.BIGINT) : v;
    }

    static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v instanceof TypedNull t) {
            ps.setNull(index, t.sqlType());
        } else if (v == null) {
            ps.setNull(index, Types.VARCHAR);
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof Long l) {
            ps.setLong(index, l);
        } else if (v instanceof Integer i) {
            ps.setInt(index, i);
        } else if (v instanceof Double d) {
            ps.setDouble(index, d);
        } else {
            throw new IllegalArgumentException("unsupported bind type " + v.getClass());
        }
    }

    /** Runs one INSERT/UPDATE/DELETE with {@code args} bound in order; returns the rows changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, Arrays.asList(args)); // not List.of: values may be null
            return ps.executeUpdate();
        }
    }

    /** A nullable BIGINT column. */
    static Long getLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** A SQL text under construction with its bound values, so values never become SQL text. */
    static final class Builder {
        final StringBuilder sql = new StringBuilder();
        final List<Object> args = new ArrayList<>();

        Builder append(String s) {
            sql.append(s);
            return this;
        }

        Builder arg(Object v) {
            args.add(v);
            return this;
        }

        PreparedStatement prepare(java.sql.Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql.toString());
            bind(ps, args);
            return ps;
        }

        @Override
        public String toString() {
            return sql.toString();
        }
    }
}
