package io.daeploy.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code /~monitor}: the stored values as JSON, {@code {"temperature": {"timestamp": [...], "value": [...]}}};
 * {@code /~monitor/csv}: a zip with one {@code <variable>.csv} ({@code timestamp,value}) per variable;
 * {@code /~monitor/db}: a consistent copy of the database, zipped by H2.
 */
final class MonitorService implements HttpService {

    static final String PATH = "/~monitor";
    private static final Logger LOGGER = Logger.getLogger(MonitorService.class.getName());
    private static final String NOTHING_STORED = "Nothing is monitored yet: store values with Daeploy.store(name, value)"
            + " or @Entrypoint(monitor = true)";

    private final MonitorStore store;
    private final ObjectMapper mapper;
    private final ErrorResponses errors;

    MonitorService(MonitorStore store, ObjectMapper mapper, ErrorResponses errors) {
        this.store = store;
        this.mapper = mapper;
        this.errors = errors;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::json)
                .get("/csv", this::csv)
                .get("/db", this::database)
                .any("/", this::onlyGet)
                .any("/csv", this::onlyGet)
                .any("/db", this::onlyGet);
    }

    private void json(ServerRequest request, ServerResponse response) throws SQLException {
        List<String> variables = selected(request, response, false);
        if (variables == null) {
            return;
        }
        MonitorQuery query = queryOf(request);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        try (OutputStream out = response.outputStream();
             JsonGenerator json = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            for (String variable : variables) {
                List<MonitoredValue> values = values(variable, query);
                json.writeObjectFieldStart(variable);
                json.writeArrayFieldStart("timestamp");
                for (MonitoredValue value : values) {
                    json.writeString(value.timestamp().toString());
                }
                json.writeEndArray();
                json.writeArrayFieldStart("value");
                for (MonitoredValue value : values) {
                    writeValue(json, value);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void csv(ServerRequest request, ServerResponse response) throws SQLException {
        List<String> variables = selected(request, response, true);
        if (variables == null) {
            return;
        }
        MonitorQuery query = queryOf(request);
        response.header(HeaderNames.CONTENT_TYPE, "application/zip");
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + store.serviceName() + "-monitor-csv.zip\"");
        Set<String> entryNames = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(response.outputStream())) {
            for (String variable : variables) {
                zip.putNextEntry(new ZipEntry(entryName(variable, entryNames)));
                StringBuilder text = new StringBuilder("timestamp,value\n");
                for (MonitoredValue value : values(variable, query)) {
                    text.append(value.timestamp()).append(',').append(csvValue(value)).append('\n');
                }
                zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void database(ServerRequest request, ServerResponse response) throws SQLException, IOException {
        Path backup = Files.createTempFile("daeploy-monitor-", ".zip");
        try {
            Files.delete(backup); // H2 writes the file itself
            boolean written = store.read(connection -> {
                MonitorDatabase.backup(connection, backup);
                return true;
            }, false);
            if (!written) {
                errors.send(response, Status.NOT_FOUND_404, NOTHING_STORED);
                return;
            }
            response.header(HeaderNames.CONTENT_TYPE, "application/zip");
            response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + store.serviceName() + "-monitor-db.zip\"");
            try (OutputStream out = response.outputStream()) {
                Files.copy(backup, out);
            }
        } finally {
            Files.deleteIfExists(backup);
        }
    }

    private void onlyGet(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.ALLOW, "GET");
        errors.send(response, Status.METHOD_NOT_ALLOWED_405, "Method " + request.prologue().method().text()
                + " is not allowed on " + request.path().path() + "; use GET");
    }

    /**
     * The variables to answer (those asked for, else all), or null when an answer was already sent: 422 for a
     * filter that cannot be read, 404 for an unknown variable (and, when {@code needsSome}, for no variables at all).
     */
    private List<String> selected(ServerRequest request, ServerResponse response, boolean needsSome) throws SQLException {
        MonitorQuery query;
        try {
            query = MonitorQuery.from(request.query());
        } catch (InvalidArgumentsException e) {
            errors.sendProblems(response, e.problems());
            return null;
        }
        List<String> known = store.read(MonitorDatabase::variables, List.of());
        if (query.variables().isEmpty()) {
            if (needsSome && known.isEmpty()) {
                errors.send(response, Status.NOT_FOUND_404, NOTHING_STORED);
                return null;
            }
            return known;
        }
        List<String> variables = new ArrayList<>();
        for (String variable : query.variables()) {
            if (!known.contains(variable)) {
                errors.send(response, Status.NOT_FOUND_404, "No monitored variable '" + variable + "'. Variables: "
                        + (known.isEmpty() ? "(none yet)" : String.join(", ", known)));
                return null;
            }
            if (!variables.contains(variable)) {
                variables.add(variable);
            }
        }
        return variables;
    }

    private static MonitorQuery queryOf(ServerRequest request) {
        try {
            return MonitorQuery.from(request.query());
        } catch (InvalidArgumentsException e) {
            throw new IllegalStateException("checked before", e);
        }
    }

    private List<MonitoredValue> values(String variable, MonitorQuery query) throws SQLException {
        return store.read(connection -> {
            List<MonitoredValue> values = new ArrayList<>();
            MonitorDatabase.query(connection, query.start(), query.end(), List.of(variable), values::add);
            return values;
        }, List.of());
    }

    private static void writeValue(JsonGenerator json, MonitoredValue value) throws IOException {
        switch (value.kind()) {
            case NUMBER -> {
                if (Double.isFinite(value.number())) {
                    json.writeNumber(value.number());
                } else {
                    json.writeString(Double.toString(value.number())); // JSON has no NaN or Infinity
                }
            }
            case TEXT -> json.writeString(value.text());
            case JSON -> json.writeRawValue(value.text());
        }
    }

    private static String csvValue(MonitoredValue value) {
        String text = value.kind() == MonitoredValue.Kind.NUMBER ? Double.toString(value.number()) : value.text();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** A file name for the variable: characters a file system may refuse become '_', and clashes get a number. */
    private static String entryName(String variable, Set<String> used) {
        String base = variable.replaceAll("[^A-Za-z0-9._-]", "_");
        String name = base + ".csv";
        for (int n = 2; !used.add(name); n++) {
            name = base + "_" + n + ".csv";
        }
        if (!name.equals(variable + ".csv")) {
            LOGGER.log(Level.FINE, "monitored variable ''{0}'' is {1} in the zip", new Object[] {variable, name});
        }
        return name;
    }
}
