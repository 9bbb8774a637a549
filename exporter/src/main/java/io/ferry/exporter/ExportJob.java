package io.ferry.exporter;

import io.ferry.exporter.sink.SinkErrors;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports one manifest with retries: a retriable failure (sink outage, Kafka read timeout) backs off exponentially
 * and tries again, without the manifest's offset being committed meanwhile, for as long as it takes; only a fatal
 * one ends in {@code export_failed}. The device was told its fin was accepted, so an outage of hours delays the file
 * but never loses it: what bounds the wait is the retention of ferry.commands (segments gone is a fatal read failure).
 * After {@code deadline} of retrying the export is reported stalled (an ERROR log and {@link ExporterStats#stalled()})
 * for alerting, and keeps retrying. A cancelled job (its partition was revoked) throws {@link CancellationException}
 * and produces no outcome: the partition's new owner exports it.
 */
record ExportJob(FileExport export, BlockingQueue<CommandLogReader> readers, RetryPolicy retry, Clock clock,
                 ExporterStats stats, TransferClaims claims) {
    private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);

    ExportResult run(Manifest manifest, AtomicBoolean cancelled) {
        // Retention may be deleting this transfer's previous file at the same location: wait for it to finish.
        while (!claims.tryClaim(manifest.transferId())) {
            pause(retry.initial(), cancelled);
        }
        ExportResult result = null;
        try {
            result = exportWithRetries(manifest, cancelled);
            return result;
        } finally {
            if (result != null) {
                claims.exportFinished(manifest.transferId());
            }
            claims.release(manifest.transferId());
        }
    }

    private ExportResult exportWithRetries(Manifest manifest, AtomicBoolean cancelled) {
        Instant stalledAt = clock.instant().plus(retry.deadline());
        boolean stalled = false;
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = attempt(manifest, cancelled);
            if (outcome.result() != null) {
                return log(outcome.result().withAttempts(attempt));
            }
            RuntimeException failure = outcome.failure();
            String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            if (!isRetriable(failure)) {
                LOG.error("transferId={} clientId={} export failed: {}", manifest.transferId().encode(),
                        manifest.transferId().clientId(), message, failure);
                return log(ExportResult.failure(manifest, Reason.EXPORT_FAILED, message, ReadStats.NONE)
                        .withAttempts(attempt));
            }
            Duration wait = retry.backoff(attempt);
            if (!stalled && !clock.instant().isBefore(stalledAt)) {
                stalled = true;
                stats.exportStalled();
                LOG.error("transferId={} clientId={} export stalled: still failing after {} attempts over {}, "
                                + "retrying until the sink is back: {}", manifest.transferId().encode(),
                        manifest.transferId().clientId(), attempt, retry.deadline(), message);
            }
            LOG.warn("transferId={} clientId={} export attempt {} failed, retrying in {}: {}",
                    manifest.transferId().encode(), manifest.transferId().clientId(), attempt, wait, message);
            stats.retried();
            pause(wait, cancelled);
        }
    }

    /** Either a result or the failure to classify. */
    private record Attempt(ExportResult result, RuntimeException failure) {
    }

    private Attempt attempt(Manifest manifest, AtomicBoolean cancelled) {
        CommandLogReader reader = takeReader();
        boolean clean = false;
        try {
            ExportResult result = export.run(manifest, reader);
            if (!result.alreadyPresent()) {
                // Only what was read back counts: bytes streamed while receiving were read once, as they arrived.
                stats.recordRead(result.read(), manifest.size() - result.streamed());
            }
            clean = true;
            return new Attempt(result, null);
        } catch (RuntimeException e) {
            // The boundary where sink and Kafka failures of any type are sorted into retriable and fatal.
            if (cancelled.get()) {
                throw new CancellationException("export of " + manifest.transferId() + " cancelled");
            }
            return new Attempt(null, e);
        } finally {
            stats.recordFetchPeak(reader.peakBufferedBytes());
            if (!clean) {
                reader.reset();
            }
            readers.add(reader);
        }
    }

    private static boolean isRetriable(RuntimeException failure) {
        if (failure instanceof ExportException export) {
            return export.retriable();
        }
        return SinkErrors.isRetriable(failure);
    }

    private CommandLogReader takeReader() {
        try {
            return readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a reader");
        }
    }

    private static void pause(Duration wait, AtomicBoolean cancelled) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled while backing off");
        }
    }

    private ExportResult log(ExportResult result) {
        Manifest manifest = result.manifest();
        ReadStats read = result.read();
        LOG.info("transferId={} clientId={} generation={} export {} size={} sha256={} attempts={} streamedBytes={} "
                        + "kafkaBytes={} recordBytes={} seeks={} readAmplification={} {}",
                manifest.transferId().encode(), manifest.transferId().clientId(), manifest.generation(),
                result.reason().description(), manifest.size(), result.sha256(), result.attempts(),
                result.streamed(), read.networkBytes(), read.recordBytes(), read.seeks(),
                String.format("%.3f", read.amplification(manifest.size() - result.streamed())),
                result.message() == null ? "" : result.message());
        return result;
    }
}
