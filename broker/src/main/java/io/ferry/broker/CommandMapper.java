package io.ferry.broker;

import io.ferry.protocol.Command;
import io.ferry.protocol.CommandKind;
import io.ferry.protocol.CommandParser;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.ProtocolException;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import io.ferry.protocol.Segment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingress's stateless half of the protocol: topic grammar, init JSON and size limit, segment checksum and size
 * limit; then the record(s) for the commands topic. Pure, so every rule has a unit test.
 */
final class CommandMapper {
    private final int maxSegmentBytes;
    private final int subSegmentBytes;
    private final int maxInitBytes;

    CommandMapper(IngressLimits limits) {
        this(limits.maxSegmentBytes(), limits.subSegmentBytes(), limits.maxInitBytes());
    }

    CommandMapper(int maxSegmentBytes, int subSegmentBytes, int maxInitBytes) {
        this.maxSegmentBytes = maxSegmentBytes;
        this.subSegmentBytes = subSegmentBytes;
        this.maxInitBytes = maxInitBytes;
    }

    Outcome map(Incoming incoming, long receivedAt) {
        ReplyTo replyTo = incoming.replyTo();
        if (incoming.length() > maxInitBytes && CommandTopic.isInit(incoming.topic())) {
            return reject(replyTo, Reason.INVALID_FILEMETA);
        }
        Command command;
        try {
            command = CommandParser.parse(incoming.topic(), incoming.payload());
        } catch (ProtocolException e) {
            return reject(replyTo, e.reason());
        }
        if (command.kind() != CommandKind.SEGMENT) {
            return new Outcome.Forward(List.of(CommandRecord.of(replyTo, receivedAt, command)));
        }
        Segment segment = (Segment) command;
        if (segment.length() > maxSegmentBytes) {
            return reject(replyTo, Reason.SEGMENT_TOO_LARGE);
        }
        return new Outcome.Forward(split(replyTo, receivedAt, segment));
    }

    /** Parts at their own offsets; the checksum was verified on the whole segment, so parts carry none. */
    private List<CommandRecord> split(ReplyTo replyTo, long receivedAt, Segment segment) {
        if (segment.length() <= subSegmentBytes) {
            return List.of(CommandRecord.of(replyTo, receivedAt, segment));
        }
        int parts = (segment.length() + subSegmentBytes - 1) / subSegmentBytes;
        List<CommandRecord> records = new ArrayList<>(parts);
        ByteBuffer payload = segment.payload();
        for (int part = 0; part < parts; part++) {
            int start = part * subSegmentBytes;
            int length = Math.min(subSegmentBytes, segment.length() - start);
            ByteBuffer slice = payload.duplicate().position(payload.position() + start).limit(
                    payload.position() + start + length).slice();
            Segment piece = new Segment(segment.fileId(), segment.offset() + start, null, slice);
            records.add(new CommandRecord(replyTo, receivedAt, piece, part, parts));
        }
        return records;
    }

    private static Outcome reject(ReplyTo replyTo, Reason reason) {
        return new Outcome.Reject(ResponseRecord.of(replyTo, reason));
    }
}
