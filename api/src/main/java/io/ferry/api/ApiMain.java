package io.ferry.api;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import io.ferry.service.ServiceMeters;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs the API as its own process: {@code java io.ferry.api.ApiMain [config.properties]}. */
public final class ApiMain {
    private ApiMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ApiConfig config;
        try {
            config = ApiConfig.fromSettings(Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ApiServer server = ApiServer.start(config, java.time.Clock.systemDefaultZone(), ServiceMeters.registry());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "ferry-api-shutdown"));
        stopped.await();
    }
}
