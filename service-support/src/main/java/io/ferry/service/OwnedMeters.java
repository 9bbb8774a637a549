package io.ferry.service;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The meters one component registered in the process's registry, removed together when it stops, so that a
 * component restarted in the same JVM (the standalone, tests) registers fresh ones instead of reading dead state.
 */
public final class OwnedMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    public OwnedMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Keeps {@code meter} (as registered) for removal on {@link #close()}; returns it. */
    public <M extends Meter> M add(M meter) {
        if (!meters.contains(meter)) {
            meters.add(meter);
        }
        return meter;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
