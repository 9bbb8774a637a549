package io.ferry.assembler;

import io.ferry.records.ClientUsageRecord;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import io.ferry.records.TransferSnapshot;
import io.ferry.protocol.TransferStatus;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Typed writes to the four sinks; the only place the processor forwards records. */
final class Outputs {
    static final String RESPONSES = "responses-sink";
    static final String READY = "ready-sink";
    static final String TRANSFERS = "transfers-sink";
    static final String EVENTS = "events-sink";
    static final String USAGE = "usage-sink";

    private final ProcessorContext<Object, Object> context;
    private final AssemblerMetrics metrics;

    Outputs(ProcessorContext<Object, Object> context) {
        this(context, AssemblerMetrics.none());
    }

    Outputs(ProcessorContext<Object, Object> context, AssemblerMetrics metrics) {
        this.context = context;
        this.metrics = metrics;
    }

    /**
     * ferry.responses, keyed by clientId: the device's broker node publishes it to
     * {@code replyTo.deliverableTopic(…)} under the device's ACL.
     */
    void respond(ReplyTo replyTo, Reason reason, TransferStatus transfer, long now) {
        metrics.response(reason);
        context.forward(new Record<>(replyTo.clientId(), ResponseRecord.of(replyTo, reason, transfer), now), RESPONSES);
    }

    void respond(ReplyTo replyTo, Reason reason, long now) {
        respond(replyTo, reason, null, now);
    }

    void manifest(Manifest manifest, long now) {
        metrics.manifest();
        context.forward(new Record<>(manifest.transferId(), manifest, now), READY);
    }

    void snapshot(TransferId id, TransferSnapshot snapshot, long now) {
        context.forward(new Record<>(id, snapshot, now), TRANSFERS);
    }

    /** Removes the transfer from the compacted ferry.transfers: it is no longer in flight. */
    void tombstone(TransferId id, long now) {
        context.forward(new Record<>(id, null, now), TRANSFERS);
    }

    /** ferry.usage: this task's absolute counters for the client; a tombstone once it holds nothing here. */
    void usage(String clientId, int partition, ClientUsage usage, long maxBytes, long now) {
        ClientUsageRecord value = usage.isEmpty() ? null
                : new ClientUsageRecord(clientId, partition, usage.transfers(), usage.bytes(), maxBytes,
                        usage.filesWindow(), usage.files());
        context.forward(new Record<>(ClientUsageRecord.key(clientId, partition), value, now), USAGE);
    }

    void event(TransferId id, TransferEvent.Type type, Reason reason, Long size, String message, long now) {
        metrics.event(type, reason);
        TransferEvent event = new TransferEvent(id.clientId(), id.fileId(), type, now,
                reason == null ? null : reason.description(), size, message);
        context.forward(new Record<>(id, event, now), EVENTS);
    }
}
