package io.ferry.exporter;

/**
 * What reading one file back from ferry.commands cost: {@code networkBytes} received by the reader consumer (the
 * consumer's {@code incoming-byte-total}, so prefetched and skipped data counts), {@code recordBytes} of records
 * handed to the exporter, {@code records} looked at and {@code seeks} made. Read amplification is
 * {@code networkBytes / fileBytes}.
 */
record ReadStats(long networkBytes, long recordBytes, long records, long seeks) {
    static final ReadStats NONE = new ReadStats(0, 0, 0, 0);

    ReadStats minus(ReadStats earlier) {
        return new ReadStats(networkBytes - earlier.networkBytes, recordBytes - earlier.recordBytes,
                records - earlier.records, seeks - earlier.seeks);
    }

    double amplification(long fileBytes) {
        return fileBytes == 0 ? 0 : (double) networkBytes / fileBytes;
    }
}
