package io.ferry.service;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a service process, the same for the broker node, the assembler and the exporter: settings from
 * {@code [config.properties]} overlaid by {@code FERRY_*} variables (a bad value: one message naming the key, exit
 * 2), the service and its {@code /health} + {@code /metrics} endpoint on {@code ferry.health.port}, SIGTERM closes
 * both, and a service that stops working exits 1 so its supervisor restarts it.
 */
public final class ServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    /** A running service as its process sees it. */
    public interface Service extends AutoCloseable {
        /** False once the service cannot go on without a restart. */
        boolean isHealthy();

        @Override
        void close();

        static Service of(BooleanSupplier healthy, Runnable close) {
            return new Service() {
                @Override
                public boolean isHealthy() {
                    return healthy.getAsBoolean();
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }
    }

    /** Starts a service from its config, registering its meters in the process's registry. */
    public interface Starter<C> {
        Service start(C config, PrometheusMeterRegistry registry);
    }

    private ServiceRunner() {
    }

    public static <C> void run(String name, String[] args, Function<Settings, C> configure, Starter<C> starter)
            throws InterruptedException {
        run(name, args, UnaryOperator.identity(), configure, starter);
    }

    /** @param prepare turns settings into the service's own before they are read (e.g. URI shorthands) */
    public static <C> void run(String name, String[] args, UnaryOperator<Settings> prepare,
                               Function<Settings, C> configure, Starter<C> starter) throws InterruptedException {
        C config;
        HealthOptions healthOptions;
        try {
            Settings settings = prepare.apply(Settings.load(args.length > 0 ? Path.of(args[0]) : null,
                    System.getenv()));
            config = configure.apply(settings);
            healthOptions = HealthOptions.fromSettings(settings);
        } catch (ConfigException e) {
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("Starting Ferry {}: {}", name, config);
        PrometheusMeterRegistry registry = ServiceMeters.registry();
        Service service = starter.start(config, registry);
        HealthServer health = HealthServer.startIfEnabled(healthOptions, service::isHealthy, registry::scrape);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            if (health != null) {
                health.close();
            }
            stopped.countDown();
        }, "ferry-" + name + "-shutdown"));
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!service.isHealthy()) {
                LOG.error("Ferry {} stopped working (logged above); exiting so the supervisor restarts it", name);
                service.close();
                System.exit(1);
            }
        }
    }
}
