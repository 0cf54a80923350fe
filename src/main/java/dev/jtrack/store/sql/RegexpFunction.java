package dev.jtrack.store.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sqlite.Function;

/**
 * SQLite's {@code x REGEXP pattern} (SQLite has the operator but no function behind it): true
 * when the pattern is found anywhere in {@code x}, as MLflow's RLIKE on SQLite ({@code re.search}).
 * NULL values never match. Compiled patterns are cached per connection (a search uses a few).
 */
final class RegexpFunction extends Function {
    private static final int CACHED_PATTERNS = 32;

    private final Map<String, Pattern> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > CACHED_PATTERNS;
        }
    };

    private RegexpFunction() {}

    /** Registers REGEXP on one SQLite connection. */
    static void register(Connection sqlite) throws SQLException {
        Function.create(sqlite, "REGEXP", new RegexpFunction(), 2, Function.FLAG_DETERMINISTIC);
    }

    @Override
    protected void xFunc() throws SQLException {
        String regex = value_text(0);
        String text = value_text(1);
        if (regex == null || text == null) {
            result();
            return;
        }
        Pattern p = cache.get(regex);
        if (p == null) {
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new SQLException("Invalid regular expression for RLIKE: " + e.getDescription());
            }
            cache.put(regex, p);
        }
        result(p.matcher(text).find() ? 1 : 0);
    }
}
