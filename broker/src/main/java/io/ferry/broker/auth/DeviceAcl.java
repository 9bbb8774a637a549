package io.ferry.broker.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator's topic rules ({@code ferry.auth.acl.file}, reread on change) for every topic that is not Ferry's
 * own; without a file every such publish and subscription is allowed (the laptop default).
 */
public final class DeviceAcl {
    private final ReloadingFile<Acl> rules;

    /** @param file the ACL file, or null for none */
    public DeviceAcl(Path file, Clock clock, Duration reloadInterval) {
        this.rules = file == null ? null : new ReloadingFile<>(file, Acl::parse, clock, reloadInterval);
    }

    public static DeviceAcl allowAll() {
        return new DeviceAcl(null, Clock.systemUTC(), Duration.ZERO);
    }

    public boolean configured() {
        return rules != null;
    }

    public boolean mayPublish(Identity identity, String topic) {
        return rules == null || rules.current().mayPublish(identity, topic);
    }

    /** @param filter the requested filter without any {@code $share/<group>/} prefix */
    public boolean maySubscribe(Identity identity, String filter) {
        return rules == null || rules.current().maySubscribe(identity, filter);
    }
}
