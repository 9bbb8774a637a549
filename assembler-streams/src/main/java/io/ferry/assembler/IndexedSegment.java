package io.ferry.assembler;

/**
 * One entry of a transfer's segment index: the segment at {@code fileOffset} of {@code length} bytes is the
 * ferry.commands record at {@code kafkaOffset}. The bytes themselves stay in Kafka (docs/architecture.md "Bytes stay
 * in Kafka's log; the assembler holds an index").
 */
record IndexedSegment(long fileOffset, int length, long kafkaOffset) {
    IndexedSegment {
        if (fileOffset < 0 || length < 0 || kafkaOffset < 0) {
            throw new IllegalArgumentException(
                    "invalid segment fileOffset=" + fileOffset + " length=" + length + " kafkaOffset=" + kafkaOffset);
        }
    }

    long end() {
        return fileOffset + length;
    }
}
