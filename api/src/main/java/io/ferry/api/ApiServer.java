package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.records.TransferEvent;
import io.ferry.storage.FileStores;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ferry API server: REST under /api/v1, EMQX-compatible /api/v5/file_transfer, the dashboard at /, health and
 * metrics. {@link #start(ApiConfig)} starts the catalog reader and binds the HTTP port; {@link #close()} stops both.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private final ApiConfig config;
    private final ApiApp.Services services;
    private final Javalin app;
    private final List<AutoCloseable> resources;

    ApiServer(ApiConfig config, ApiApp.Services services, List<AutoCloseable> resources) {
        this.config = requireNonNull(config, "config");
        this.services = requireNonNull(services, "services");
        this.resources = List.copyOf(resources);
        services.metrics().bindCatalog(services.catalog());
        TransferMetrics.bind(services.metrics().registry(), services.catalog(), services.clock(),
                services.stalledAfter());
        this.app = ApiApp.create(services, HttpsConnector.forConfig(config));
    }

    /** Starts the catalog reader and the HTTP server on {@code config.port()} (0 = any free port). */
    public static ApiServer start(ApiConfig config) {
        return start(config, Clock.systemDefaultZone());
    }

    public static ApiServer start(ApiConfig config, Clock clock) {
        return start(config, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * As {@link #start(ApiConfig, Clock)}, with the API's meters in {@code registry}, which {@code GET /metrics}
     * serves whole: the standalone passes the one registry every service writes to.
     */
    public static ApiServer start(ApiConfig config, Clock clock, PrometheusMeterRegistry registry) {
        LOG.info("starting API: {}", config);
        CatalogIndex index = new CatalogIndex();
        ApiMetrics metrics = new ApiMetrics(registry);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            KafkaCatalog reader = new KafkaCatalog(config.bootstrapServers(), config.consumerSettings(),
                    config.topics(), index, metrics);
            resources.add(reader);
            KafkaCatalogWriter writer = new KafkaCatalogWriter(config.bootstrapServers(), config.producerSettings(),
                    config.topics().files());
            resources.add(writer);
            FileStores stores = ApiStorage.open(config);
            resources.add(stores);
            ApiApp.Services services = new ApiApp.Services(index, stores, writer,
                    new Tokens(config.adminToken(), config.readTokens()),
                    SignedLinks.create(config.linkSecret(), config.linkTtl(), clock), metrics, clock,
                    config.stalledAfter(), config.metricsPublic());
            EventLog events = new EventLog(config.bootstrapServers(), config.consumerSettings(), config.topics());
            resources.add(events);
            TransferAborter aborter = new TransferAborter(config.bootstrapServers(), config.producerSettings(),
                    config.topics().commands(), clock);
            resources.add(aborter);
            // after the last resource: the server keeps a copy of the list to close on close()
            ApiServer server = new ApiServer(config, services, resources);
            server.serveEvents(events);
            server.serveAbort(aborter);
            events.start();
            reader.start();
            return server.startHttp();
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** {@code GET /api/v1/events[?type=failed|aborted|expired]}: uploads that ended badly, newest first. */
    void serveEvents(EventLog events) {
        app.get(ApiApp.V1 + "/events", ctx -> {
            String type = Params.text(ctx, "type");
            TransferEvent.Type wanted;
            try {
                wanted = type == null ? null : TransferEvent.Type.valueOf(type.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("type must be failed, aborted or expired");
            }
            ctx.json(new EventLog.EventList(events.latest(wanted).stream().map(EventLog.EventView::of).toList()));
        }, Role.READ);
    }

    /**
     * {@code POST /api/v1/transfers/{clientId}/{fileId}/abort} (admin): 202 once the abort command is in Kafka, 404
     * if no such upload is in flight.
     */
    void serveAbort(TransferAborter aborter) {
        app.post(ApiApp.V1 + "/transfers/{clientId}/{fileId}/abort", ctx -> {
            io.ferry.records.TransferId id = Params.transferId(ctx);
            if (services.catalog().transfer(id).isEmpty()) {
                throw ApiException.notFound("no such transfer in flight");
            }
            aborter.abort(id);
            ctx.status(202).json(java.util.Map.of("aborting", true));
        }, Role.ADMIN);
    }

    ApiServer startHttp() {
        app.start(config.host(), config.port());
        LOG.info("API listening on {}://{}:{}", config.https() == null ? "http" : "https", config.host(), app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Whether the catalog has caught up with Kafka (what {@code /health} reports). */
    public boolean isReady() {
        return services.catalog().isReady();
    }

    /** The Prometheus text of the API's meters. */
    public String scrapeMetrics() {
        return services.metrics().scrape();
    }

    @Override
    public void close() {
        app.stop();
        closeAll(resources);
        LOG.info("API stopped");
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error closing {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
