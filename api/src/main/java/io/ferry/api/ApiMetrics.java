package io.ferry.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The API's meters. Labels never carry client ids or file names (unbounded cardinality, and they identify devices);
 * requests are labelled by route template, method and status.
 */
final class ApiMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter filesListed;
    private final Counter downloads;
    private final Counter bytesServed;
    private final Counter deletes;
    private final Counter badRecords;

    ApiMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.filesListed = Counter.builder("ferry.api.files.listed")
                .description("File entries returned by listings").register(registry);
        this.downloads = Counter.builder("ferry.api.downloads")
                .description("Content requests answered with 200 or 206").register(registry);
        this.bytesServed = Counter.builder("ferry.api.served").baseUnit("bytes")
                .description("Content bytes written to clients").register(registry);
        this.deletes = Counter.builder("ferry.api.files.deleted").register(registry);
        this.badRecords = Counter.builder("ferry.api.catalog.bad.records")
                .description("Catalog records skipped because they could not be decoded").register(registry);
    }

    static ApiMetrics create() {
        return new ApiMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    void bindCatalog(CatalogIndex index) {
        Gauge.builder("ferry.api.catalog.files", index, CatalogIndex::fileCount)
                .description("Files in the catalog").register(registry);
        Gauge.builder("ferry.api.catalog.transfers", index, i -> i.transfers().size())
                .description("Transfers in flight").register(registry);
        Gauge.builder("ferry.api.catalog.ready", index, i -> i.isReady() ? 1 : 0).register(registry);
    }

    void listed(int count) {
        filesListed.increment(count);
    }

    void download() {
        downloads.increment();
    }

    void served(long bytes) {
        bytesServed.increment(bytes);
    }

    void deleted() {
        deletes.increment();
    }

    void badRecord() {
        badRecords.increment();
    }

    void request(String method, String route, int status, Duration duration) {
        Timer.builder("ferry.api.http.requests")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(duration);
    }

    String scrape() {
        return registry.scrape();
    }
}
