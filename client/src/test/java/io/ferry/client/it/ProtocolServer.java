package io.ferry.client.it;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Command;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal file-transfer server for the client's MQTT-level tests, in place of the assembler: it reads the commands
 * the real Ferry broker wrote to Kafka, applies docs/protocol.md to them (segments stored on disk, union coverage) and
 * writes one response per device PUBLISH to the responses topic, which the broker delivers to the device's reply
 * topic with its Correlation-Data. It can be told to misbehave (checksum_mismatch, quota_exceeded, an incomplete
 * fin, or no status extension, like plain EMQX). A segment whose own checksum is wrong never gets here: the broker
 * answers it. The real pipeline is tested in the standalone module.
 */
final class ProtocolServer implements AutoCloseable {
    private final Path dir;
    private final Map<String, StoredTransfer> transfers = new ConcurrentHashMap<>();
    private final ArrayDeque<Reason> segmentFaults = new ArrayDeque<>();
    /** The fault drawn by the first part of a split segment, answered after its last part. */
    private final Map<ReplyTo, Reason> splitFaults = new HashMap<>();
    private final CommandLoop loop;
    private ByteRange dropAtNextFin;
    private volatile boolean emqxMode;
    private volatile int aborts;

    ProtocolServer(String bootstrapServers, Topics topics, Path dir) {
        this.dir = dir;
        this.loop = new CommandLoop(bootstrapServers, topics, this::onCommand);
    }

    /** Answer status like EMQX (invalid_offset): the client must fall back to resending what was not confirmed. */
    void emqxMode(boolean on) {
        emqxMode = on;
    }

    /** The next segments are answered with these reasons and not stored. */
    synchronized void failNextSegments(Reason... reasons) {
        segmentFaults.addAll(List.of(reasons));
    }

    /** The next fin finds this range missing (dropped from storage) and answers incomplete. */
    synchronized void dropAtNextFin(ByteRange range) {
        dropAtNextFin = range;
    }

    StoredTransfer transfer(String clientId, String fileId) {
        return transfers.get(clientId + "\u0000" + fileId);
    }

    int aborts() {
        return aborts;
    }

    /** Every part of a split segment is stored; only the last one is answered, as one response per PUBLISH. */
    private synchronized Optional<ResponseRecord> onCommand(CommandRecord record) {
        ReplyTo replyTo = record.replyTo();
        String key = replyTo.clientId() + "\u0000" + record.command().fileId();
        if (record.parts() == 1) {
            return Optional.of(new ResponseRecord(replyTo, handle(key, record.command(), replyTo)));
        }
        Reason fault = part(key, record);
        if (!record.isLastPart()) {
            return Optional.empty();
        }
        return Optional.of(ResponseRecord.of(replyTo, fault != null ? fault : Reason.SUCCESS));
    }

    /** Stores one part unless its segment drew a fault; returns that fault. */
    private Reason part(String key, CommandRecord record) {
        if (record.part() == 0) {
            Reason fault = segmentFaults.poll();
            if (fault != null) {
                splitFaults.put(record.replyTo(), fault);
            }
        }
        Reason fault = record.isLastPart() ? splitFaults.remove(record.replyTo()) : splitFaults.get(record.replyTo());
        if (fault == null) {
            store(key, (Segment) record.command());
        }
        return fault;
    }

    private Response handle(String key, Command command, ReplyTo replyTo) {
        return switch (command.kind()) {
            case INIT -> init(key, (Init) command, replyTo);
            case SEGMENT -> segment(key, (Segment) command, replyTo);
            case FIN -> fin(key, (Fin) command, replyTo);
            case ABORT -> {
                StoredTransfer removed = transfers.remove(key);
                if (removed != null) {
                    removed.close();
                }
                aborts++;
                yield Response.of(replyTo, Reason.SUCCESS);
            }
            case STATUS -> emqxMode ? Response.of(replyTo, Reason.INVALID_OFFSET)
                    : Response.of(replyTo, Reason.SUCCESS, status(transfers.get(key)));
        };
    }

    private Response init(String key, Init init, ReplyTo replyTo) {
        StoredTransfer transfer = transfers.computeIfAbsent(key, k -> new StoredTransfer(dir.resolve(
                "t" + transfers.size() + "-" + System.nanoTime())));
        if (transfer.meta != null && !transfer.meta.equals(init.meta())) {
            return Response.of(replyTo, Reason.FILEMETA_CONFLICT);
        }
        transfer.meta = init.meta();
        return Response.of(replyTo, Reason.SUCCESS);
    }

    private Response segment(String key, Segment segment, ReplyTo replyTo) {
        Reason fault = segmentFaults.poll();
        if (fault != null) {
            return Response.of(replyTo, fault);
        }
        store(key, segment);
        return Response.of(replyTo, Reason.SUCCESS);
    }

    private void store(String key, Segment segment) {
        transfers.computeIfAbsent(key, k -> new StoredTransfer(dir.resolve(
                "t" + transfers.size() + "-" + System.nanoTime()))).write(segment);
    }

    private Response fin(String key, Fin fin, ReplyTo replyTo) {
        StoredTransfer transfer = transfers.get(key);
        if (transfer != null && transfer.exported) {
            return Response.of(replyTo, Reason.SUCCESS);
        }
        if (transfer != null && dropAtNextFin != null) {
            transfer.ranges.remove(dropAtNextFin);
            dropAtNextFin = null;
        }
        if (transfer == null || transfer.meta == null || !transfer.ranges.covers(fin.size())) {
            return Response.of(replyTo, Reason.INCOMPLETE, status(transfer));
        }
        Sha256 expected = fin.checksum() != null ? fin.checksum() : transfer.meta.checksum();
        Sha256 actual = transfer.sha256(fin.size());
        if (expected != null && !expected.equals(actual)) {
            return Response.of(replyTo, Reason.CHECKSUM_MISMATCH);
        }
        transfer.exported = true;
        transfer.size = fin.size();
        return Response.of(replyTo, Reason.SUCCESS);
    }

    private static TransferStatus status(StoredTransfer transfer) {
        if (transfer == null) {
            return TransferStatus.unknown();
        }
        Long size = transfer.meta == null ? null : transfer.meta.size();
        List<ByteRange> received = transfer.ranges.list();
        long bytes = received.stream().mapToLong(ByteRange::length).sum();
        return new TransferStatus(transfer.exported ? TransferState.EXPORTED : TransferState.RECEIVING, received,
                bytes, size, size == null ? null : transfer.ranges.gaps(size));
    }

    @Override
    public void close() throws Exception {
        try {
            loop.close();
        } finally {
            transfers.values().forEach(StoredTransfer::close);
        }
    }
}
