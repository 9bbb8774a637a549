package io.ferry.client.internal;

import io.ferry.protocol.Mode;
import io.ferry.protocol.Sha256;

/** Builds command topics (PROTOCOL.md §2) for one fileId. */
record CommandTopics(Mode mode, String fileId) {
    CommandTopics {
        java.util.Objects.requireNonNull(mode, "mode");
        java.util.Objects.requireNonNull(fileId, "fileId");
    }

    String init() {
        return base() + "init";
    }

    String segment(long offset, Sha256 checksum) {
        return base() + offset + (checksum == null ? "" : "/" + checksum.hex());
    }

    String fin(long size, Sha256 checksum) {
        return base() + "fin/" + size + (checksum == null ? "" : "/" + checksum.hex());
    }

    String abort() {
        return base() + "abort";
    }

    String status() {
        return base() + "status";
    }

    /** UTF-8 length of the longest topic (a segment with a 20-digit offset and a checksum). */
    int maxTopicBytes() {
        return base().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 20 + 1 + 64;
    }

    private String base() {
        return mode.prefix() + fileId + "/";
    }
}
