package io.ferry.broker.auth;

import java.nio.file.Path;

/** Lets broker tests in other packages add devices as {@code ./ferry device add} does. */
public final class DeviceAddAccess {
    private DeviceAddAccess() {
    }

    public static String add(Path file, String name, String clientIdPattern) {
        return DeviceAdd.add(file, name, clientIdPattern);
    }
}
