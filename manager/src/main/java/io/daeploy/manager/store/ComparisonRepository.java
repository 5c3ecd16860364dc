package io.daeploy.manager.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.Json;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** How each name's answers are compared, one row per name that has a rule. */
public final class ComparisonRepository {

    private final Database database;

    public ComparisonRepository(Database database) {
        this.database = database;
    }

    public void save(ComparisonRecord rule) {
        synchronized (database) {
            database.update("DELETE FROM comparison WHERE name = ?", rule.name());
            database.update("INSERT INTO comparison (name, ignore_fields, detect_noise) VALUES (?, ?, ?)", rule.name(),
                            write(rule.ignore()), rule.detectNoise());
        }
    }

    public List<ComparisonRecord> all() {
        return database.query("SELECT name, ignore_fields, detect_noise FROM comparison ORDER BY name", ComparisonRepository::read);
    }

    private static ComparisonRecord read(ResultSet rs) throws SQLException {
        try {
            return new ComparisonRecord(rs.getString("name"), Json.mapper().readValue(rs.getString("ignore_fields"),
                    new TypeReference<List<String>>() { }), rs.getBoolean("detect_noise"));
        } catch (JsonProcessingException e) {
            throw new SQLException("The ignored fields of " + rs.getString("name") + " are not a JSON list: " + e.getMessage(), e);
        }
    }

    private static String write(List<String> fields) {
        try {
            return Json.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
