package dev.jtrack.store.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wraps a connection used by one thread at a time so that {@code prepareStatement(sql)} returns a
 * cached statement and {@code close()} on it only clears it. SQLite re-parses SQL on every
 * prepare, which costs more than the insert itself for single-metric writes; the DAOs keep their
 * plain try-with-resources code.
 */
final class StatementCache {

    private static final int CAPACITY = 256;

    private StatementCache() {}

    /** A connection whose prepared statements are cached (LRU, {@value #CAPACITY} entries). */
    static Connection wrap(Connection target) {
        Map<String, PreparedStatement> cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > CAPACITY) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
        InvocationHandler h = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("prepareStatement") && args != null && args.length == 1 && args[0] instanceof String sql) {
                PreparedStatement ps = cache.get(sql);
                if (ps == null || ps.isClosed()) {
                    ps = target.prepareStatement(sql);
                    cache.put(sql, ps);
                }
                return reusable(ps);
            }
            if (name.equals("close")) {
                cache.values().forEach(StatementCache::closeQuietly);
                cache.clear();
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private static PreparedStatement reusable(PreparedStatement ps) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                ps.clearBatch();
                ps.clearParameters();
                return null;
            }
            try {
                return method.invoke(ps, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, h);
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // evicted statement: nothing to recover
        }
    }
}
