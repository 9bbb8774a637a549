package io.ferry.assembler;

import io.ferry.records.CommandRecord;
import io.ferry.records.ExportOutcome;
import io.ferry.records.TransferId;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one processor of the topology: commands from ferry.commands, export outcomes from ferry.exported and catalog
 * tombstones from ferry.files (same key, same partition count, so all meet in the task that owns the transfer).
 * Time is the wall clock of the stream thread, so TTL, grace and snapshots are testable with {@code advanceWallClockTime}.
 */
final class AssemblerProcessor implements Processor<TransferId, Object, Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(AssemblerProcessor.class);
    private final AssemblerOptions options;
    private final String filesTopic;
    private Deletions deletions;
    private final AssemblerMetrics metrics;
    private ProcessorContext<Object, Object> context;
    private Commands commands;
    private Outcomes outcomes;

    AssemblerProcessor(AssemblerOptions options, String filesTopic) {
        this(options, filesTopic, AssemblerMetrics.none());
    }

    AssemblerProcessor(AssemblerOptions options, String filesTopic, AssemblerMetrics metrics) {
        this.options = options;
        this.filesTopic = filesTopic;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> processorContext) {
        context = processorContext;
        Outputs out = new Outputs(context, metrics);
        int partition = context.taskId().partition();
        TransferStore store = new TransferStore(context,
                (clientId, usage) -> out.usage(clientId, partition, usage, options.quotas().maxBytesInFlight(),
                        context.currentSystemTimeMs()));
        QuotaGuard quota = new QuotaGuard(options.quotas(), store);
        QuotaCounters counters = new QuotaCounters(store);
        LifecycleEvents events = new LifecycleEvents(out, options.exportEvents());
        SnapshotThrottle snapshots = new SnapshotThrottle(store, out, options.snapshotInterval());
        ExpiryTimer expiry = new ExpiryTimer(store, options);
        GraceTimer grace = new GraceTimer(store);
        TransferStatuses statuses = new TransferStatuses(store);
        Lifecycle lifecycle = new Lifecycle(store, counters, events, snapshots, expiry, grace);
        Fins fins = new Fins(store, out, grace, statuses, options, quota);
        Segments segments = new Segments(store, out, lifecycle, fins, quota, counters, options.limits());
        commands = new Commands(store, out, lifecycle, fins, segments, quota, statuses, options.limits());
        deletions = new Deletions(store, lifecycle);
        outcomes = new Outcomes(store, out, lifecycle, events);
        Expirations expirations = new Expirations(store, out, lifecycle, expiry, statuses);
        Punctuation punctuation = new Punctuation(store, lifecycle, fins, snapshots, expirations,
                options.timerBatch());
        context.schedule(options.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, punctuation::run);
    }

    @Override
    public void process(Record<TransferId, Object> record) {
        long now = context.currentSystemTimeMs();
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        Object value = record.value();
        if (filesTopic.equals(metadata.topic())) {
            deletions.handle(record.key(), value, record.timestamp(), now);
        } else if (value instanceof CommandRecord command) {
            commands.handle(record.key(), command, new Origin(metadata.partition(), metadata.offset(), record.timestamp()), now);
        } else if (value instanceof ExportOutcome outcome) {
            outcomes.handle(record.key(), outcome, now);
        } else {
            LOG.warn("skipping record without value topic={} partition={} offset={}", metadata.topic(),
                    metadata.partition(), metadata.offset());
        }
    }
}
