package io.ferry.assembler;

/**
 * Where a command sits in ferry.commands: the manifest's pointers and a transfer's generation come from here;
 * {@code timestamp} is the record's time, which Kafka's time-based retention counts from.
 */
record Origin(int partition, long offset, long timestamp) {
    Origin {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("invalid origin " + partition + "/" + offset);
        }
    }
}
