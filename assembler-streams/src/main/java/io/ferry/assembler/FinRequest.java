package io.ferry.assembler;

import io.ferry.protocol.Sha256;

/** What the latest fin asked for: the exact file size and its whole-file checksum, or null. */
record FinRequest(long size, Sha256 checksum) {
    FinRequest {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0: " + size);
        }
    }
}
