package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Json;
import io.ferry.records.TransferId;
import io.ferry.storage.FileStores;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin app: routes, auth, JSON errors, metrics, dashboard. Starting it is the caller's business. */
final class ApiApp {
    static final String V1 = "/api/v1";
    static final String V5 = "/api/v5/file_transfer";
    private static final Logger LOG = LoggerFactory.getLogger(ApiApp.class);
    private static final String ROLE_ATTRIBUTE = "ferry.role";
    private static final Map<String, String> DASHBOARD_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-cache");

    private ApiApp() {
    }

    /** Everything the routes need; built by {@link ApiServer} from config, or by tests from in-memory parts. */
    record Services(CatalogIndex catalog, FileStores stores, CatalogWriter writer, Tokens tokens,
                    SignedLinks links, ApiMetrics metrics, Clock clock, Duration stalledAfter,
                    boolean metricsPublic) {
        Services {
            requireNonNull(catalog, "catalog");
            requireNonNull(stores, "stores");
            requireNonNull(writer, "writer");
            requireNonNull(tokens, "tokens");
            requireNonNull(links, "links");
            requireNonNull(metrics, "metrics");
            requireNonNull(clock, "clock");
            requireNonNull(stalledAfter, "stalledAfter");
        }
    }

    static Javalin create(Services services) {
        return create(services, config -> { });
    }

    /** {@code server} adjusts Javalin's server settings (e.g. {@link HttpsConnector}) before routes are added. */
    static Javalin create(Services services, Consumer<JavalinConfig> server) {
        Javalin app = Javalin.create(config -> {
            server.accept(config);
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER.copy(), false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = DASHBOARD_HEADERS;
            });
            config.requestLogger.http((ctx, millis) -> services.metrics().request(ctx.method().name(),
                    routeLabel(ctx), ctx.statusCode(), Duration.ofNanos((long) (millis * 1_000_000))));
        });
        // API answers carry catalog data behind a token: never cache them (downloads override this).
        app.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
        app.beforeMatched(ctx -> authorize(ctx, services));
        app.beforeMatched(QueryParams::check);
        routes(app, services);
        errors(app);
        return app;
    }

    private static void routes(Javalin app, Services s) {
        FileRoutes files = new FileRoutes(s.catalog(), s.stores(), s.writer(), s.links(), s.metrics());
        ContentRoutes content = new ContentRoutes(s.catalog(), s.stores(), s.metrics());
        TransferRoutes transfers = new TransferRoutes(s.catalog(), s.clock(), s.stalledAfter());
        EmqxRoutes emqx = new EmqxRoutes(s.catalog(), s.metrics(), s.clock());
        byte[] openApi = resource("/io/ferry/api/openapi.json");

        for (String health : new String[] {"/health", V1 + "/health"}) {
            app.get(health, ctx -> health(ctx, s.catalog()));
        }
        for (String spec : new String[] {"/openapi.json", V1 + "/openapi.json"}) {
            app.get(spec, ctx -> ctx.contentType("application/json").result(openApi));
        }
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(s.metrics().scrape()), Role.METRICS);
        app.get(V1 + "/whoami", ctx -> ctx.json(Map.of("role", role(ctx).name().toLowerCase(Locale.ROOT))),
                Role.READ);

        String file = V1 + "/files/{clientId}/{fileId}";
        app.get(V1 + "/files", files::list, Role.READ);
        app.get(file, files::get, Role.READ);
        app.delete(file, files::delete, Role.ADMIN);
        app.post(file + "/link", files::link, Role.READ);
        app.get(file + "/content", content::get, Role.DOWNLOAD);
        app.head(file + "/content", content::head, Role.DOWNLOAD);

        app.get(V1 + "/transfers", transfers::list, Role.READ);
        app.get(V1 + "/transfers/{clientId}/{fileId}", transfers::get, Role.READ);

        app.get(V5 + "/files", emqx::list, Role.READ);
        app.get(V5 + "/files/{clientid}/{fileid}", emqx::get, Role.READ);
    }

    private static void health(Context ctx, CatalogIndex catalog) {
        boolean ready = catalog.isReady();
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "up" : "starting"));
    }

    private static void authorize(Context ctx, Services s) {
        if (ctx.routeRoles().isEmpty()) {
            return;
        }
        RouteRole required = ctx.routeRoles().iterator().next();
        if (required == Role.METRICS && s.metricsPublic()) {
            return;
        }
        if (required == Role.DOWNLOAD && ctx.queryParam(SignedLinks.SIGNATURE) != null) {
            TransferId id = Params.transferId(ctx);
            if (!s.links().verify(id, ctx.queryParam(SignedLinks.EXPIRES), ctx.queryParam(SignedLinks.SIGNATURE))) {
                throw ApiException.unauthorized("download link invalid or expired");
            }
            return;
        }
        Role granted = s.tokens().roleOf(ctx.header("Authorization"));
        if (granted == null) {
            throw ApiException.unauthorized("missing or invalid bearer token");
        }
        if (required == Role.ADMIN && granted != Role.ADMIN) {
            throw ApiException.forbidden("this needs the admin token");
        }
        ctx.attribute(ROLE_ATTRIBUTE, granted);
    }

    private static Role role(Context ctx) {
        return ctx.attribute(ROLE_ATTRIBUTE);
    }

    private static void errors(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) ->
                error(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (ctx.res().isCommitted()) {
                LOG.warn("request {} {} failed after the response started: {}", ctx.method(), ctx.path(),
                        e.toString());
                return;
            }
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "INTERNAL", "internal error");
        });
    }

    /** One error shape per API: {@code {"error":{code,message}}} on v1, EMQX's {@code {code,message}} on v5. */
    private static void error(Context ctx, int status, String code, String message) {
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"ferry\"");
        }
        Map<String, String> body = Map.of("code", code, "message", message == null ? code : message);
        ctx.status(status).json(ctx.path().startsWith("/api/v5/") ? body : Map.of("error", body));
    }

    private static String codeOf(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 416 -> "RANGE_NOT_SATISFIABLE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> "HTTP_" + status;
        };
    }

    /** Route templates only, so labels stay few and carry no ids. */
    private static String routeLabel(Context ctx) {
        String path = ctx.path();
        if (!path.startsWith("/api/") && !path.equals("/health") && !path.equals("/metrics")
                && !path.equals("/openapi.json")) {
            return "static";
        }
        try {
            return ctx.endpointHandlerPath();
        } catch (IllegalStateException e) {
            // Javalin has no endpoint path for requests that matched no route.
            return "unmatched";
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
