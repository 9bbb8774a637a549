package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

final class Checks {
    private Checks() {
    }

    static String fileId(String fileId) {
        requireNonNull(fileId, "fileId");
        if (fileId.isEmpty()) {
            throw new IllegalArgumentException("fileId must not be empty");
        }
        return fileId;
    }

    static String clientId(String clientId) {
        requireNonNull(clientId, "clientId");
        if (clientId.isEmpty()) {
            throw new IllegalArgumentException("clientId must not be empty");
        }
        return clientId;
    }
}
