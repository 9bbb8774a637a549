package io.ferry.exporter;

import static java.util.Objects.requireNonNull;

import io.ferry.exporter.sink.Sink;
import io.ferry.exporter.sink.SinkErrors;
import io.ferry.protocol.CatalogEntry;
import io.ferry.protocol.FerrySerdes;
import io.ferry.protocol.Manifest;
import io.ferry.protocol.Topics;
import io.ferry.protocol.TransferId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-exports files that were exported before to other sinks (DESIGN.md "Replay"): the catalog (ft.files) says which
 * files exist and their digest, ft.ready holds the manifest that points at their bytes in ft.commands. Nothing is
 * published to Kafka; the new copies are verified against the catalog's digest. Files whose segments have left
 * ft.commands' retention fail with a message.
 */
public final class Replay {
    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** Which exported files to replay: all, by clientId, and/or by export time in [from, to). Nulls match all. */
    public record Selection(String clientId, Instant from, Instant to) {
        public static Selection all() {
            return new Selection(null, null, null);
        }

        boolean matches(CatalogEntry entry) {
            return (clientId == null || clientId.equals(entry.clientId()))
                    && (from == null || entry.exportedAt() >= from.toEpochMilli())
                    && (to == null || entry.exportedAt() < to.toEpochMilli());
        }
    }

    /** What happened: files selected, copied, and the failures with their reasons. */
    public record Summary(int selected, int exported, List<String> failures) {
        public Summary {
            failures = List.copyOf(failures);
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
        Map<String, Object> settings = new HashMap<>(config.consumerSettings());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        Map<TransferId, CatalogEntry> catalog = catalog(settings, config.topics());
        Map<TransferId, Manifest> manifests = manifests(settings, config.topics());
        List<String> failures = new ArrayList<>();
        int selected = 0;
        int exported = 0;
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, config.readerFetchBytes());
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, config.readerFetchBytes());
        FileExport export = new FileExport(sinks);
        try (CommandLogReader reader = new CommandLogReader(settings, config.topics().commands(),
                config.readerSkipBytes(), config.readerTimeout())) {
            for (CatalogEntry entry : catalog.values()) {
                if (!selection.matches(entry)) {
                    continue;
                }
                selected++;
                String failure = replayOne(entry, manifests.get(entry.transferId()), export, reader);
                if (failure == null) {
                    exported++;
                } else {
                    failures.add(entry.transferId() + ": " + failure);
                    reader.reset();
                }
            }
        }
        return new Summary(selected, exported, failures);
    }

    private static String replayOne(CatalogEntry entry, Manifest manifest, FileExport export,
                                    CommandLogReader reader) {
        if (manifest == null || manifest.size() != entry.size()) {
            return "no manifest for the exported file in the ready topic (retention?)";
        }
        // The catalog's digest is the truth the copy must match, whether or not the device sent one.
        Manifest verified = new Manifest(manifest.transferId(), manifest.generation(), entry.meta(), entry.size(),
                entry.sha256(), manifest.partition(), manifest.segments(), List.of(), manifest.finishedAt());
        try {
            ExportResult result = export.run(verified, reader);
            LOG.info("transferId={} clientId={} replay {} {}", entry.transferId().encode(), entry.clientId(),
                    result.reason().description(), result.locations());
            return result.isSuccess() ? null : result.reason().description() + ": " + result.message();
        } catch (RuntimeException e) {
            // Replay reports every file's fate and goes on with the next one.
            return (SinkErrors.isRetriable(e) ? "retriable: " : "") + e.getMessage();
        }
    }

    private static Map<TransferId, CatalogEntry> catalog(Map<String, Object> settings, Topics topics) {
        Map<TransferId, CatalogEntry> catalog = new LinkedHashMap<>();
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
}
