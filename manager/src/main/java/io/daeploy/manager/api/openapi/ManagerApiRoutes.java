package io.daeploy.manager.api.openapi;

import io.daeploy.common.Notification;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.ServiceVersion;

import java.util.List;

import static io.daeploy.manager.api.openapi.ApiRoute.Content;
import static io.daeploy.manager.api.openapi.ApiRoute.route;

/**
 * Every route the manager can register, described for {@code /openapi}: one entry per method and path as the routing
 * registers it. A route that the running manager did not register (authentication off, HTTPS off) is left out of its
 * document. {@code RouteDocumentationTest} fails on a registered route missing here.
 *
 * <p>Schemas are either Java types (made by {@link AnswerSchemas}) or JSON Schema text, written with single quotes.
 */
public final class ManagerApiRoutes {

    static final String SERVICES = "services";
    static final String DEPLOY = "deploy";
    static final String ROLLOUT = "rollout";
    static final String GATEWAY = "gateway";
    static final String NOTIFICATIONS = "notifications";
    static final String AUTH = "auth";
    static final String ADMIN = "admin";
    static final String MANAGER = "manager";
    static final String PAGES = "pages";

    static final String NDJSON = "application/x-ndjson";
    static final String TEXT = "text/plain";
    static final String HTML = "text/html";

    private static final String NAME = "{'type':'string','pattern':'^[a-z0-9]+(_[a-z0-9]+)*$'}";
    private static final String TEXT_SCHEMA = "{'type':'string'}";
    private static final String VERSIONS = "{'type':'array','items':{'$ref':'#/components/schemas/ServiceVersion'}}";
    private static final String NAME_AND_VERSION = "{'type':'object','required':['name','version'],"
            + "'properties':{'name':" + NAME + ",'version':{'type':'string'}}}";
    private static final String OPTIONS = "'env':{'type':'object','additionalProperties':{'type':'string'}},"
            + "'replicas':{'anyOf':[{'type':'integer'},{'type':'string'}]},'cpu':{'type':'string'},'memory':{'type':'string'},"
            + "'idleTimeout':{'type':'string'}";
    private static final String ENTRIES = "'entries':{'type':'array','items':{'type':'object','required':['path','sha256','size'],"
            + "'properties':{'path':{'type':'string'},'sha256':{'type':'string','pattern':'^[0-9a-f]{64}$'},"
            + "'size':{'type':'integer','minimum':0}}}}";
    /** One line of a deploy's progress: a step, then the version or the error that ended it. */
    private static final String DEPLOY_LINE = "{'type':'object','minProperties':1,'maxProperties':1,'additionalProperties':false,"
            + "'properties':{'step':{'type':'string'},'service':{'$ref':'#/components/schemas/ServiceVersion'},"
            + "'error':{'type':'object','required':['status','detail'],'properties':{'status':{'type':'integer'},"
            + "'detail':{}}}}}";
    private static final String STREAM_NOTE = " A client that sends `Accept: application/x-ndjson` gets 200 at once and the"
            + " progress as one JSON object per line (`{\"step\": ...}`), ending with `{\"service\": ...}` or"
            + " `{\"error\": {\"status\", \"detail\"}}`: a failure after the first step arrives inside the 200.";
    private static final String LOG_QUERY_NOTE = "Streamed text. `follow=true` keeps the answer open and sends new lines as"
            + " they are written, until the client leaves.";
    private static final String MULTIPART_DEPLOY = "{'type':'object','required':['name','version','file'],'properties':{"
            + "'name':" + NAME + ",'version':{'type':'string','description':'a semantic version'},"
            + "'env':{'type':'string','description':'a JSON object of environment variables'},"
            + "'replicas':{'type':'string'},'cpu':{'type':'string'},'memory':{'type':'string'},'idleTimeout':{'type':'string'},"
            + "'file':{'type':'string','format':'binary','description':'a runnable jar, or a zip with the application jar"
            + " and libs/ at its root'}}}";
    private static final String ROLLOUT_STATUS = "{'type':'object','required':['name','version','phase'],'properties':{"
            + "'name':{'type':'string'},'version':{'type':'string'},'previousMain':{'type':['string','null']},"
            + "'phase':{'type':'string'},'step':{'type':'integer'},'steps':{'type':'integer'},'weight':{'type':'integer'},"
            + "'paused':{'type':'boolean'},'failedChecks':{'type':'integer'},'started':{'type':'string'},"
            + "'updated':{'type':'string'},'reason':{'type':['string','null']},'plan':{'type':'object'},"
            + "'comparison':{'type':'object'},'window':{'type':'object'},'lastJudgement':{'type':'object'},"
            + "'history':{'type':'array'}}}";
    private static final String COMPARISON = "{'type':'object','required':['name','ignore','detectNoise','learnedNoise'],"
            + "'additionalProperties':false,'properties':{'name':{'type':'string'},'ignore':{'type':'array','items':{'type':'string'}},"
            + "'detectNoise':{'type':'boolean'},'learnedNoise':{'type':'array','items':{'type':'string'}}}}";
    private static final String TRAFFIC = "{'type':'object','required':['name','sampleSeconds','versions'],'properties':{"
            + "'name':{'type':'string'},'sampleSeconds':{'type':'integer'},'versions':{'type':'array','items':{'type':'object',"
            + "'required':['version','main','weight','points'],'properties':{'version':{'type':'string'},'main':{'type':'boolean'},"
            + "'weight':{'type':'integer'},'points':{'type':'array'}}}},'rollout':{'type':['object','null']}}}";
    private static final String INSPECTION = "{'type':'object','required':['name','version','main','status'],'properties':{"
            + "'name':{'type':'string'},'version':{'type':'string'},'main':{'type':'boolean'},'status':{'type':'string'},"
            + "'since':{'type':'string'},'reason':{'type':['string','null']},'env':{'type':'array','items':{'type':'string'}},"
            + "'restarts':{'type':'integer'},'generation':{'type':'integer'}},"
            + "'description':'and what the runtime tells of it (process, container or pods): its own fields'}";
    private static final String SHADOW_REPORT = "{'type':'object','required':['name','main','shadows'],'properties':{"
            + "'name':{'type':'string'},'main':{'type':['string','null']},'shadows':{'type':'array','items':{'type':'object'}}}}";
    private static final String CERTIFICATE = "{'type':'object','properties':{'source':{'type':'string'},"
            + "'hostName':{'type':'string'},'subject':{'type':'string'},'issuer':{'type':'string'},'serial':{'type':'string'},"
            + "'notAfter':{'type':'string'},'nextLook':{'type':['string','null']},'lastError':{'type':['string','null']}}}";
    private static final String WHO = "{'type':'object','required':['name','role'],'additionalProperties':false,'properties':{"
            + "'name':{'type':'string'},'role':{'enum':['admin','user','service']},"
            + "'auth':{'type':'boolean','description':'false when authentication is off'}}}";
    private static final String PASSWORD = "{'type':'object','required':['password'],'properties':{'password':{'type':'string'}}}";
    private static final String BLOB_STORED = "{'type':'object','required':['sha256','size'],'additionalProperties':false,"
            + "'properties':{'sha256':{'type':'string'},'size':{'type':'integer'}}}";
    private static final String LOGIN_FORM = "{'type':'object','required':['username','password'],'properties':{"
            + "'username':{'type':'string'},'password':{'type':'string','format':'password'},"
            + "'next':{'type':'string','description':'a path on this manager to go to afterwards'}}}";

    private static final List<ApiRoute> ROUTES = List.of(
            // the services
            route("GET", "/services/").tag(SERVICES).summary("List every deployed service version")
                    .ok(VERSIONS).build(),
            route("DELETE", "/services/").tag(SERVICES)
                    .summary("Kill one version, or every version of a name (shadows first)")
                    .query("name", true, NAME, "the service")
                    .query("version", false, TEXT_SCHEMA, "one version; without it, all of them")
                    .query("keepImage", false, "{'type':'boolean'}", "keep the version's image (container runtimes)")
                    .ok(VERSIONS).errors(400, 403, 404, 422).build(),
            route("POST", "/services/~deploy").tag(DEPLOY)
                    .summary("Upload an application and run it; answers once it is running or failed")
                    .description("Multipart upload." + STREAM_NOTE)
                    .header("Accept", TEXT_SCHEMA, "application/x-ndjson for the progress as it happens")
                    .body(Content.of("multipart/form-data", MULTIPART_DEPLOY))
                    .answer(200, "The progress, one JSON object per line (asked for with Accept)", Content.of(NDJSON, DEPLOY_LINE))
                    .created(ServiceVersion.class).errors(400, 409, 413, 422, 502).build(),
            route("POST", "/services/~image").tag(DEPLOY).summary("Run an existing image (container runtimes)")
                    .description("JSON body." + STREAM_NOTE)
                    .header("Accept", TEXT_SCHEMA, "application/x-ndjson for the progress as it happens")
                    .jsonBody("{'type':'object','required':['name','version','image'],'properties':{'name':" + NAME + ","
                            + "'version':{'type':'string'},'image':{'type':'string'}," + OPTIONS + "}}")
                    .answer(200, "The progress, one JSON object per line (asked for with Accept)", Content.of(NDJSON, DEPLOY_LINE))
                    .created(ServiceVersion.class).errors(400, 409, 422, 502).build(),
            route("GET", "/services/~inspection").tag(SERVICES).summary("What the manager and the runtime know of one version")
                    .query("name", true, NAME, "the service").query("version", true, TEXT_SCHEMA, "the version")
                    .ok(INSPECTION).errors(404, 422).build(),
            route("PUT", "/services/~assign").tag(SERVICES).summary("Make a version the main one")
                    .jsonBody(NAME_AND_VERSION).ok(VERSIONS).errors(400, 404, 409, 422).build(),
            route("PUT", "/services/~scale").tag(SERVICES).summary("How many instances of a version run")
                    .jsonBody("{'type':'object','required':['name','version','replicas'],'properties':{'name':" + NAME + ","
                            + "'version':{'type':'string'},'replicas':{'type':'integer','minimum':1,'maximum':100}}}")
                    .ok(ServiceVersion.class).errors(400, 404, 422).build(),
            route("PUT", "/services/~weights").tag(ROLLOUT).summary("The share of a name's requests a canary answers")
                    .jsonBody("{'type':'object','required':['name','version','weight'],'properties':{'name':" + NAME + ","
                            + "'version':{'type':'string'},'weight':{'type':'integer','minimum':0,'maximum':100},"
                            + "'sticky':{'type':'boolean'}}}")
                    .ok(VERSIONS).errors(400, 404, 409, 422).build(),
            route("GET", "/services/~logs").tag(SERVICES).summary("A version's output (the main's without a version)")
                    .description(LOG_QUERY_NOTE)
                    .query("name", true, NAME, "the service").query("version", false, TEXT_SCHEMA, "the version")
                    .query("tail", false, TEXT_SCHEMA, "the last lines: a number, or all (default 50)")
                    .query("since", false, TEXT_SCHEMA, "an ISO-8601 time or a duration such as 10m")
                    .query("follow", false, "{'type':'boolean'}", "keep sending new lines")
                    .answer(200, "The lines, streamed", Content.of(TEXT, TEXT_SCHEMA)).errors(404, 422).build(),
            route("GET", "/services/~shadow").tag(ROLLOUT).summary("Per shadow of a name: what the mirroring saw")
                    .query("name", true, NAME, "the service").ok(SHADOW_REPORT).errors(404, 422).build(),
            route("POST", "/services/~blobs/missing").tag(DEPLOY)
                    .summary("Which files of an application the manager lacks (incremental deploy)")
                    .jsonBody("{'type':'object','required':['entries'],'properties':{" + ENTRIES + "}}")
                    .ok("{'type':'object','required':['missing'],'additionalProperties':false,"
                            + "'properties':{'missing':{'type':'array','items':{'type':'string'}}}}")
                    .errors(400, 413, 422).build(),
            route("PUT", "/services/~blobs/{sha256}").tag(DEPLOY).summary("Store one file by its SHA-256")
                    .pathParameter("sha256", "{'type':'string'}", "64 lower-case hexadecimal digits")
                    .query("size", true, "{'type':'integer','minimum':0}", "its size in bytes")
                    .query("path", false, TEXT_SCHEMA, "its path in the application, for messages")
                    .body(Content.of("application/octet-stream", "{'type':'string','format':'binary'}"))
                    .answer(200, "Already stored", Content.json(BLOB_STORED))
                    .answer(201, "Stored", Content.json(BLOB_STORED)).errors(400, 413, 422).build(),
            route("POST", "/services/~deploy/manifest").tag(DEPLOY)
                    .summary("Deploy an application from its manifest, once its files are stored")
                    .description("JSON body." + STREAM_NOTE)
                    .header("Accept", TEXT_SCHEMA, "application/x-ndjson for the progress as it happens")
                    .jsonBody("{'type':'object','required':['name','version','entries'],'properties':{'name':" + NAME + ","
                            + "'version':{'type':'string'}," + ENTRIES + "," + OPTIONS + "}}")
                    .answer(200, "The progress, one JSON object per line (asked for with Accept)", Content.of(NDJSON, DEPLOY_LINE))
                    .created(ServiceVersion.class).errors(400, 409, 413, 422, 502).build(),
            route("POST", "/services/~reload").tag(DEPLOY)
                    .summary("Replace a deployed version's code in place (same name, version and role)")
                    .description("JSON body: the manifest of the new code." + STREAM_NOTE)
                    .header("Accept", TEXT_SCHEMA, "application/x-ndjson for the progress as it happens")
                    .jsonBody("{'type':'object','required':['name','version','entries'],'properties':{'name':" + NAME + ","
                            + "'version':{'type':'string'}," + ENTRIES + "}}")
                    .answer(200, "The progress, one JSON object per line (asked for with Accept)", Content.of(NDJSON, DEPLOY_LINE))
                    .created(ServiceVersion.class).errors(400, 404, 413, 422, 502).build(),
            route("POST", "/services/~rollout").tag(ROLLOUT).summary("Start a progressive rollout of a version")
                    .jsonBody("{'type':'object','required':['name','version'],'properties':{'name':" + NAME + ","
                            + "'version':{'type':'string'},'shadowMinCopies':{'type':'integer'},"
                            + "'shadowMatchPercent':{'type':'number'},'weights':{'type':'array','items':{'type':'integer'}},"
                            + "'intervalSeconds':{'type':'integer'},'minRequests':{'type':'integer'},"
                            + "'maxErrorPercent':{'type':'number'},'maxLatencyFactor':{'type':'number'},"
                            + "'minMatchPercent':{'type':'number'},'failedChecks':{'type':'integer'},"
                            + "'onPromotion':{'enum':['shadow','kill']},'onRollback':{'enum':['shadow','kill']},"
                            + "'sticky':{'type':'boolean'},'ignore':{'type':'array','items':{'type':'string'}},"
                            + "'detectNoise':{'type':'boolean'}},'additionalProperties':false}")
                    .created(ROLLOUT_STATUS).errors(400, 404, 409, 422).build(),
            route("GET", "/services/~rollout").tag(ROLLOUT).summary("The rollout of a name")
                    .query("name", true, NAME, "the service").ok(ROLLOUT_STATUS).errors(404, 422).build(),
            route("PUT", "/services/~rollout").tag(ROLLOUT).summary("Pause, resume or abort a rollout")
                    .jsonBody("{'type':'object','required':['name','action'],'additionalProperties':false,'properties':{"
                            + "'name':" + NAME + ",'action':{'enum':['pause','resume','abort']}}}")
                    .ok(ROLLOUT_STATUS).errors(400, 404, 409, 422).build(),
            route("PUT", "/services/~comparison").tag(ROLLOUT).summary("How a name's shadow answers are compared")
                    .jsonBody("{'type':'object','required':['name'],'additionalProperties':false,'properties':{'name':" + NAME
                            + ",'ignore':{'type':'array','items':{'type':'string'}},'detectNoise':{'type':'boolean'}}}")
                    .ok(COMPARISON).errors(400, 404, 422).build(),
            route("GET", "/services/~comparison").tag(ROLLOUT).summary("How a name's shadow answers are compared")
                    .query("name", true, NAME, "the service").ok(COMPARISON).errors(404, 422).build(),
            route("GET", "/services/~traffic").tag(ROLLOUT).summary("Requests, errors and latency per version, over time")
                    .query("name", true, NAME, "the service").ok(TRAFFIC).errors(400, 404, 409, 422).build(),
            route("ANY", "/services/{name}/*").tag(GATEWAY)
                    .summary("The gateway: a service's own routes, any method, any path below it")
                    .description("`/services/{name}/...` reaches the main version (shadows get a copy, a canary its share);"
                            + " `/services/{name}_{version}/...` that version only. Bodies, statuses and media types are"
                            + " the service's own: see its `/services/{name}/openapi`. The manager itself answers only"
                            + " the errors listed here.")
                    .pathParameter("name", "{'type':'string'}", "a service name, or name_version")
                    .pathParameter("path", "{'type':'string'}", "the service's own path (may hold slashes)")
                    .answer(200, "The service's answer (any status it gives)", Content.of("*/*", "{}"))
                    .errors(404, 502, 503, 504).build(),
            // notifications
            route("GET", "/notifications/").tag(NOTIFICATIONS).summary("Every notification")
                    .ok(new ListOf(Notification.class)).build(),
            route("POST", "/notifications/").tag(NOTIFICATIONS).summary("Raise a notification (the same one again counts up)")
                    .jsonBody(NotificationRequest.class).created(Notification.class).errors(400, 422).build(),
            route("DELETE", "/notifications/").tag(NOTIFICATIONS).summary("Clear every notification")
                    .ok("{'type':'object','required':['removed'],'additionalProperties':false,"
                            + "'properties':{'removed':{'type':'integer'}}}").build(),
            // the manager
            route("GET", "/logs/").tag(MANAGER).summary("The manager's own log").description(LOG_QUERY_NOTE)
                    .query("tail", false, TEXT_SCHEMA, "the last lines: a number, or all (default 50)")
                    .query("since", false, TEXT_SCHEMA, "an ISO-8601 time or a duration such as 10m")
                    .query("follow", false, "{'type':'boolean'}", "keep sending new lines")
                    .query("manager", false, TEXT_SCHEMA, "another manager's log, by its DAEPLOY_MANAGER_NAME (several managers"
                            + " on one database); the answer's X-Daeploy-Manager names whose log it is")
                    .answer(200, "The lines, streamed", Content.of(TEXT, TEXT_SCHEMA)).errors(404, 422).build(),
            route("GET", "/~version").tag(MANAGER).summary("The manager's version").open()
                    .answer(200, "The version", Content.of(TEXT, TEXT_SCHEMA)).build(),
            route("GET", "/openapi").tag(MANAGER).summary("This document")
                    .answer(200, "OpenAPI 3.1", Content.of("application/json", "{'type':'object'}")).build(),
            route("GET", "/docs").tag(PAGES).summary("This document in Swagger UI")
                    .answer(200, "The page", Content.of(HTML, TEXT_SCHEMA)).build(),
            route("GET", "/docs/assets/{file}").tag(PAGES).summary("Swagger UI's scripts and styles")
                    .pathParameter("file", "{'type':'string'}", "a file of the page")
                    .answer(200, "The file", Content.of("*/*", "{}")).errors(404).build(),
            route("GET", "/observe/health").tag(MANAGER).summary("Whether the manager and its runtime are ready").open()
                    .answer(200, "Ready", Content.json("{'type':'object'}"))
                    .answer(204, "Ready, without details", Content.json("{'type':'object'}"))
                    .answer(503, "Not ready", Content.json("{'type':'object'}")).build(),
            route("GET", "/observe/metrics").tag(MANAGER).summary("Prometheus metrics of the gateway and the manager")
                    .answer(200, "The text exposition format", Content.of("text/plain; version=0.0.4", TEXT_SCHEMA)).build(),
            route("GET", "/observe/certificate").tag(MANAGER).summary("The HTTPS certificate served (HTTPS on)")
                    .ok(CERTIFICATE).build(),
            route("POST", "/observe/certificate/renew").tag(MANAGER).summary("Ask the certificate authority for a new one now")
                    .ok(CERTIFICATE).errors(409, 502).build(),
            route("GET", "/").tag(PAGES).summary("The dashboard")
                    .answer(200, "The page", Content.of(HTML, TEXT_SCHEMA)).build(),
            route("GET", "/dashboard/{file}").tag(PAGES).summary("The dashboard's scripts, styles and icon")
                    .pathParameter("file", "{'type':'string'}", "a file of the dashboard")
                    .answer(200, "The file", Content.of("*/*", "{}")).errors(404).build(),
            // authentication
            route("GET", "/auth/verify").tag(AUTH).summary("Who the token belongs to").ok(WHO).build(),
            route("GET", "/auth/login").tag(AUTH).summary("The login page").open()
                    .query("next", false, TEXT_SCHEMA, "a path on this manager to go to afterwards")
                    .query("error", false, TEXT_SCHEMA, "a message to show")
                    .answer(200, "The page", Content.of(HTML, TEXT_SCHEMA)).build(),
            route("POST", "/auth/login").tag(AUTH).summary("Log in with the form; sets the session cookie").open()
                    .description("A browser (asking for text/html) that fails is sent back to the login page with the"
                            + " reason (303); an API client gets the error as JSON.")
                    .body(Content.of("application/x-www-form-urlencoded", LOGIN_FORM))
                    .redirect(303, "Logged in (Set-Cookie: daeploy=...; HttpOnly), or a browser's failure: to next or the page")
                    .errors(400, 401, 429).build(),
            route("GET", "/auth/logout").tag(AUTH).summary("End the session and clear the cookie").open()
                    .redirect(303, "A browser: to the login page")
                    .answer(204, "An API client: done").build(),
            route("POST", "/auth/token").tag(AUTH).summary("A new API token of the caller")
                    .query("days", false, "{'type':'integer','minimum':1}", "its lifetime; without it it never expires")
                    .created("{'type':'object','required':['id','token'],'additionalProperties':false,'properties':{"
                            + "'id':{'type':'string'},'token':{'type':'string'},'expiresAt':{'type':'string'}}}")
                    .errors(422).build(),
            route("GET", "/auth/token").tag(AUTH).summary("The caller's API tokens")
                    .ok("{'type':'array','items':{'type':'object','required':['id','created'],'properties':{"
                            + "'id':{'type':'string'},'created':{'type':'string'},'expiresAt':{'type':['string','null']}}}}")
                    .build(),
            route("DELETE", "/auth/token/{id}").tag(AUTH).summary("Revoke one of the caller's API tokens")
                    .pathParameter("id", "{'type':'string'}", "the token's id")
                    .ok("{'type':'object','required':['revoked'],'properties':{'revoked':{'type':'string'}}}")
                    .errors(404).build(),
            // users (the admin only)
            route("GET", "/admin/user/").tag(ADMIN).summary("The users' names")
                    .ok("{'type':'array','items':{'type':'string'}}").build(),
            route("POST", "/admin/user/{name}").tag(ADMIN).summary("Add a user")
                    .pathParameter("name", "{'type':'string'}", "the user").jsonBody(PASSWORD)
                    .created("{'type':'object','required':['added'],'properties':{'added':{'type':'string'}}}")
                    .errors(400, 409, 422).build(),
            route("PUT", "/admin/user/{name}").tag(ADMIN).summary("Change a user's password")
                    .pathParameter("name", "{'type':'string'}", "the user").jsonBody(PASSWORD)
                    .ok("{'type':'object','required':['changed'],'properties':{'changed':{'type':'string'}}}")
                    .errors(400, 404, 422).build(),
            route("DELETE", "/admin/user/{name}").tag(ADMIN).summary("Remove a user and revoke their tokens")
                    .pathParameter("name", "{'type':'string'}", "the user")
                    .ok("{'type':'object','required':['removed'],'properties':{'removed':{'type':'string'}}}")
                    .errors(403, 404).build());

    private ManagerApiRoutes() {
    }

    /** Every described route, in the document's order. */
    public static List<ApiRoute> all() {
        return ROUTES;
    }

    /** A JSON array of a Java type's values. */
    record ListOf(Class<?> item) {
    }
}
