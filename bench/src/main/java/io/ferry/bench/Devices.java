package io.ferry.bench;

import io.ferry.client.FerryUploader;
import io.ferry.client.FerryUploaderBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Devices are Ferry's own SDK, one {@link FerryUploader} (one MQTT connection) per device. */
final class Devices implements AutoCloseable {
    private final List<FerryUploader> uploaders = new ArrayList<>();

    /** An uploader with generous timeouts: the harness measures slowness, it does not fail on it. */
    static FerryUploaderBuilder builder(FerryStack stack, String clientId, int segmentSize, int window) {
        return FerryUploader.builder()
                .broker(stack.mqttUri())
                .clientId(clientId)
                .segmentSize(segmentSize)
                .maxSegmentSize(Math.max(segmentSize, FerryUploaderBuilder.DEFAULT_MAX_SEGMENT_SIZE))
                .window(window)
                .connectTimeout(Duration.ofMinutes(2))
                .responseTimeout(Duration.ofMinutes(2))
                .finTimeout(Duration.ofMinutes(15))
                .reconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    FerryUploader add(FerryUploaderBuilder builder) {
        FerryUploader uploader = builder.build();
        uploaders.add(uploader);
        return uploader;
    }

    List<FerryUploader> all() {
        return uploaders;
    }

    /** Connects every device at once; returns when all are connected. */
    void connectAll(Duration timeout) {
        CompletableFuture.allOf(uploaders.stream().map(FerryUploader::connect).toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Disconnects them in parallel: a thousand sequential disconnects take a while. */
    @Override
    public void close() {
        ExecutorService closer = Executors.newFixedThreadPool(16);
        uploaders.forEach(uploader -> closer.execute(uploader::close));
        closer.shutdown();
        try {
            closer.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        uploaders.clear();
    }
}
