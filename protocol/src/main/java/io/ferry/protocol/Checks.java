package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

/** Public because the record formats in io.ferry.records check their ids the same way. */
public final class Checks {
    private Checks() {
    }

    public static String fileId(String fileId) {
        requireNonNull(fileId, "fileId");
        if (fileId.isEmpty()) {
            throw new IllegalArgumentException("fileId must not be empty");
        }
        return fileId;
    }

    public static String clientId(String clientId) {
        requireNonNull(clientId, "clientId");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        return clientId;
    }
}
