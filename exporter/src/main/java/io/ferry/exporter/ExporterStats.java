package io.ferry.exporter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one exporter, readable while it runs (for logs, tests and a metrics registry). Read amplification is
 * bytes the reader consumers received from Kafka divided by the file bytes they were reading.
 */
public final class ExporterStats {
    private final AtomicLong manifests = new AtomicLong();
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong alreadyPresent = new AtomicLong();
    private final AtomicLong checksumMismatches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final AtomicLong skippedRecords = new AtomicLong();
    private final AtomicLong kafkaBytes = new AtomicLong();
    private final AtomicLong recordBytes = new AtomicLong();
    private final AtomicLong fileBytesRead = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong peakFetchedBytes = new AtomicLong();
    private volatile ExportObserver observer = (result, nanos) -> { };

    /** Told about every export when it ends (on the worker thread), with how long it took. */
    interface ExportObserver {
        void exported(ExportResult result, long nanos);
    }

    void observe(ExportObserver exportObserver) {
        this.observer = exportObserver;
    }

    /** An export ended after {@code nanos} ({@code result} null: it was cancelled). */
    void exportFinished(ExportResult result, long nanos) {
        if (result != null) {
            observer.exported(result, nanos);
        }
    }

    void recordResult(ExportResult result) {
        switch (result.reason()) {
            case SUCCESS -> exported.incrementAndGet();
            case CHECKSUM_MISMATCH -> checksumMismatches.incrementAndGet();
            default -> failed.incrementAndGet();
        }
        if (result.alreadyPresent()) {
            alreadyPresent.incrementAndGet();
        }
    }

    void recordRead(ReadStats read, long fileBytes) {
        kafkaBytes.addAndGet(read.networkBytes());
        recordBytes.addAndGet(read.recordBytes());
        fileBytesRead.addAndGet(fileBytes);
    }

    void recordFetchPeak(long bytes) {
        peakFetchedBytes.accumulateAndGet(bytes, Math::max);
    }

    void manifestReceived() {
        manifests.incrementAndGet();
    }

    void retried() {
        retries.incrementAndGet();
    }

    void exportStalled() {
        stalled.incrementAndGet();
    }

    void skippedRecord() {
        skippedRecords.incrementAndGet();
    }

    void transactionCommitted() {
        transactions.incrementAndGet();
    }

    /** Manifests taken from ferry.ready. */
    public long manifests() {
        return manifests.get();
    }

    /** Manifests answered success (including files that were already there). */
    public long exported() {
        return exported.get();
    }

    /** Successes that needed no reading because every sink already held the identical file. */
    public long alreadyPresent() {
        return alreadyPresent.get();
    }

    public long checksumMismatches() {
        return checksumMismatches.get();
    }

    /** Manifests answered export_failed. */
    public long failed() {
        return failed.get();
    }

    /** Attempts repeated after a retriable sink or read failure. */
    public long retries() {
        return retries.get();
    }

    /** Exports that kept failing (retriably) for longer than {@code ferry.exporter.deadline}; they keep retrying. */
    public long stalled() {
        return stalled.get();
    }

    /** Undecodable ferry.ready records skipped. */
    public long skippedRecords() {
        return skippedRecords.get();
    }

    /** Bytes the reader consumers received from Kafka (network level, including prefetch that was not used). */
    public long kafkaBytesRead() {
        return kafkaBytes.get();
    }

    /** Bytes of the ferry.commands records the readers looked at. */
    public long recordBytesRead() {
        return recordBytes.get();
    }

    /** File bytes those reads produced. */
    public long fileBytesRead() {
        return fileBytesRead.get();
    }

    /** {@link #kafkaBytesRead()} ÷ {@link #fileBytesRead()}; 1.0 is ideal, 0 before any read. */
    public double readAmplification() {
        long file = fileBytesRead.get();
        return file == 0 ? 0 : (double) kafkaBytes.get() / file;
    }

    /** Largest batch of ferry.commands records a reader held at once: bounded by the fetch size, not the file size. */
    public long peakFetchedBytes() {
        return peakFetchedBytes.get();
    }

    /** Kafka transactions committed (each holds outcomes of one or more manifests and their offsets). */
    public long transactions() {
        return transactions.get();
    }

    @Override
    public String toString() {
        return "ExporterStats[manifests=" + manifests() + ", exported=" + exported() + ", alreadyPresent="
                + alreadyPresent() + ", checksumMismatches=" + checksumMismatches() + ", failed=" + failed()
                + ", retries=" + retries() + ", stalled=" + stalled() + ", kafkaBytesRead=" + kafkaBytesRead()
                + ", fileBytesRead="
                + fileBytesRead() + ", readAmplification=" + String.format("%.3f", readAmplification()) + "]";
    }
}
