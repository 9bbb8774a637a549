package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkErrors;
import io.ferry.records.CatalogEntry;
import io.ferry.records.FerrySerdes;
import io.ferry.records.Manifest;
import io.ferry.records.Topics;
import io.ferry.records.TransferId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-exports files that were exported before to other sinks: the catalog (ferry.files) says which files exist and
 * their digest, ferry.ready holds the manifest that points at their bytes in ferry.commands. Nothing is published to
 * Kafka; the new copies are verified against the catalog's digest. Idempotent: a sink that already holds the
 * identical file is left alone. Files whose manifest or bytes have left retention are reported as such, not tried.
 * Stopping (the {@code stop} supplier, or an interrupt) ends it between files or aborts the file being written, so
 * no partial copy becomes visible.
 */
public final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** Which exported files to replay; nulls match all. Times are export times, {@code [since, until)}. */
    public record Selection(String clientId, TransferId file, Instant since, Instant until) {
        public static Selection all() {
            return new Selection(null, null, null, null);
        }

        boolean matches(CatalogEntry entry) {
            return (clientId == null || clientId.equals(entry.clientId()))
                    && (file == null || file.equals(entry.transferId()))
                    && (since == null || entry.exportedAt() >= since.toEpochMilli())
                    && (until == null || entry.exportedAt() < until.toEpochMilli());
        }
    }

    /** The fate of one file. */
    public enum Outcome { COPIED, ALREADY_PRESENT, PAST_RETENTION, FAILED, INTERRUPTED }

    /** Told about every file as it is done; called on the replaying thread. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void started(int files, long bytes) {
        }

        default void done(CatalogEntry entry, Outcome outcome, String detail) {
        }
    }

    /**
     * What happened: files selected, copied, found identical in the sink already, gone past retention, failed (each
     * line "client/file: reason"), and whether the run was stopped before the end.
     */
    public record Summary(int selected, int copied, int alreadyPresent, List<String> pastRetention,
                          List<String> failures, boolean interrupted) {
        public Summary {
            pastRetention = List.copyOf(pastRetention);
            failures = List.copyOf(failures);
        }

        /** Files the sinks now hold: copied plus already there. */
        public int exported() {
            return copied + alreadyPresent;
        }

        public boolean complete() {
            return !interrupted && failures.isEmpty() && pastRetention.isEmpty();
        }
    }

    private final ExporterConfig config;
    private final List<Sink> sinks;

    /** Replays into {@code sinks} (closed by the caller), reading Kafka as {@code config} says. */
    public Replay(ExporterConfig config, List<Sink> sinks) {
        this.config = requireNonNull(config, "config");
        this.sinks = List.copyOf(sinks);
    }

    public Summary run(Selection selection) {
        return run(selection, Progress.NONE, () -> false);
    }

    public Summary run(Selection selection, Progress progress, BooleanSupplier stop) {
        Map<String, Object> settings = new HashMap<>(config.consumerSettings());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        List<CatalogEntry> chosen = catalog(settings, config.topics()).values().stream().filter(selection::matches)
                .sorted(Comparator.comparingLong(CatalogEntry::exportedAt).thenComparing(e -> e.transferId().encode()))
                .toList();
        Map<TransferId, Manifest> manifests = manifests(settings, config.topics());
        Map<Integer, Long> earliest = CommandRetention.earliestOffsets(settings, config.topics().commands(),
                READ_TIMEOUT);
        progress.started(chosen.size(), chosen.stream().mapToLong(CatalogEntry::size).sum());
        Tally tally = new Tally(chosen.size());
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.readerFetchBytes());
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.readerFetchBytes());
        FileExport export = new FileExport(sinks);
        try (CommandLogReader reader = new CommandLogReader(settings, config.topics().commands(),
                config.readerSkipBytes(), config.readerTimeout())) {
            for (CatalogEntry entry : chosen) {
                if (stop.getAsBoolean() || Thread.interrupted()) {
                    tally.interrupted = true;
                    break;
                }
                Manifest manifest = manifests.get(entry.transferId());
                String expired = CommandRetention.pastRetention(entry, manifest, earliest);
                if (expired != null) {
                    tally.add(entry, Outcome.PAST_RETENTION, expired, progress);
                    continue;
                }
                Outcome outcome = replayOne(entry, manifest, export, reader, tally, progress);
                if (outcome == Outcome.INTERRUPTED) {
                    break;
                }
                if (outcome == Outcome.FAILED) {
                    reader.reset();
                }
            }
            // A stop request interrupts this thread too (ReplayCommand's signal hook), also between two files: the
            // flag is cleared once here, whatever ended the loop, so that closing the reader is not interrupted.
            if (Thread.interrupted()) {
                tally.interrupted = true;
            }
        } catch (InterruptException e) {
            // Interrupted while the reader opened or closed: every file was finished or aborted before that.
            tally.interrupted = true;
        }
        return tally.summary();
    }

    private static Outcome replayOne(CatalogEntry entry, Manifest manifest, FileExport export,
                                     CommandLogReader reader, Tally tally, Progress progress) {
        // The catalog's digest is the truth the copy must match, whether or not the device sent one.
        Manifest verified = new Manifest(manifest.transferId(), manifest.generation(), entry.meta(), entry.size(),
                entry.sha256(), manifest.partition(), manifest.segments(), List.of(), manifest.finishedAt());
        Outcome outcome;
        String detail;
        try {
            ExportResult result = export.run(verified, reader);
            LOG.info("transferId={} clientId={} replay {} {}", entry.transferId().encode(), entry.clientId(),
                    result.reason().description(), result.locations());
            outcome = !result.isSuccess() ? Outcome.FAILED
                    : result.alreadyPresent() ? Outcome.ALREADY_PRESENT : Outcome.COPIED;
            detail = result.isSuccess() ? result.locations().toString()
                    : result.reason().description() + ": " + result.message();
        } catch (InterruptException e) {
            // Kafka's unchecked wrapper of InterruptedException: the write was aborted; keep the flag.
            Thread.currentThread().interrupt();
            outcome = Outcome.INTERRUPTED;
            detail = "stopped while copying; nothing of it was kept";
        } catch (RuntimeException e) {
            // Replay reports every file's fate and goes on with the next one.
            boolean interrupted = Thread.currentThread().isInterrupted();
            outcome = interrupted ? Outcome.INTERRUPTED : Outcome.FAILED;
            detail = interrupted ? "stopped while copying; nothing of it was kept"
                    : (SinkErrors.isRetriable(e) ? "retriable: " : "") + e.getMessage();
        }
        tally.add(entry, outcome, detail, progress);
        return outcome;
    }

    private static Map<TransferId, CatalogEntry> catalog(Map<String, Object> settings, Topics topics) {
        Map<TransferId, CatalogEntry> catalog = new HashMap<>();
        TopicSnapshot.read(settings, topics.files(), READ_TIMEOUT, (record, offset) -> {
            TransferId id = TransferId.decode(record.key());
            if (record.value() == null) {
                catalog.remove(id);
            } else {
                catalog.put(id, FerrySerdes.catalog().deserializer().deserialize(topics.files(), record.value()));
            }
        });
        return catalog;
    }

    private static Map<TransferId, Manifest> manifests(Map<String, Object> settings, Topics topics) {
        Map<TransferId, Manifest> latest = new HashMap<>();
        TopicSnapshot.read(settings, topics.ready(), READ_TIMEOUT, (record, offset) -> {
            try {
                Manifest manifest = FerrySerdes.manifests().deserializer().deserialize(topics.ready(),
                        record.value());
                if (manifest != null) {
                    latest.merge(manifest.transferId(), manifest,
                            (old, now) -> now.generation() >= old.generation() ? now : old);
                }
            } catch (RuntimeException e) {
                LOG.warn("skipping undecodable manifest at {}-{}@{}", record.topic(), record.partition(), offset);
            }
        });
        return latest;
    }

    /** Counts outcomes as they happen. */
    private static final class Tally {
        private final int selected;
        private int copied;
        private int alreadyPresent;
        private final List<String> pastRetention = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private boolean interrupted;

        Tally(int selected) {
            this.selected = selected;
        }

        void add(CatalogEntry entry, Outcome outcome, String detail, Progress progress) {
            String line = entry.clientId() + "/" + entry.fileId() + ": " + detail;
            switch (outcome) {
                case COPIED -> copied++;
                case ALREADY_PRESENT -> alreadyPresent++;
                case PAST_RETENTION -> pastRetention.add(line);
                case FAILED -> failures.add(line);
                case INTERRUPTED -> interrupted = true;
                default -> throw new IllegalStateException(outcome.name());
            }
            progress.done(entry, outcome, detail);
        }

        Summary summary() {
            return new Summary(selected, copied, alreadyPresent, pastRetention, failures, interrupted);
        }
    }
}
