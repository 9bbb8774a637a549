package io.ferry.assembler;

/** Where a command sits in ferry.commands: the manifest's pointers and a transfer's generation come from here. */
record Origin(int partition, long offset) {
    Origin {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("invalid origin " + partition + "/" + offset);
        }
    }
}
