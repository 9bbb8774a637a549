package io.ferry.standalone;

import io.ferry.config.ConfigException;
import io.ferry.config.Settings;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./ferry run [config.properties]}: starts the standalone and runs until Ctrl-C / SIGTERM. Settings come
 * from the optional properties file (default {@code ./ferry.properties} if present), overridden by FERRY_* variables.
 * Any startup problem is one line on stderr and exit code 1.
 */
public final class FerryMain {
    static {
        // The HiveMQ jar ships its own logback.xml; name ours explicitly (before the first logger exists).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ferry-logback.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(FerryMain.class);

    private FerryMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = Path.of(args.length > 0 ? args[0] : "ferry.properties");
        FerryStandalone ferry;
        try {
            ferry = FerryStandalone.start(Settings.load(configFile, System.getenv()));
        } catch (StartupException | ConfigException e) {
            System.err.println("ferry: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            LOG.error("Ferry failed to start", e);
            System.err.println("ferry: failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (ferry.apiTokenGenerated()) {
            System.out.println("Generated the API admin token " + ferry.apiToken() + " (stored in "
                    + ferry.apiTokenFile() + "; set FERRY_API_TOKEN to choose your own)");
        } else if (ferry.apiTokenFile() != null) {
            System.out.println("API admin token: see " + ferry.apiTokenFile());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Ferry stopping");
            ferry.close();
            stopped.countDown();
        }, "ferry-shutdown"));
        stopped.await();
    }
}
