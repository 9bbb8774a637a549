package io.ferry.records;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.Command;
import io.ferry.protocol.CommandKind;
import io.ferry.protocol.ReplyTo;

/**
 * A value of {@code ferry.commands}: one command as the broker's ingress accepted it. A segment larger than the Kafka
 * record limit is split by the ingress into {@code parts} records (part 0..parts-1, each a segment of its own at its
 * own offset); only the last part is answered, so the device gets one response per PUBLISH.
 */
public record CommandRecord(ReplyTo replyTo, long receivedAt, Command command, int part, int parts) {
    public CommandRecord {
        requireNonNull(replyTo, "replyTo");
        requireNonNull(command, "command");
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
        if (parts > 1 && command.kind() != CommandKind.SEGMENT) {
            throw new IllegalArgumentException("only segments are split");
        }
    }

    public static CommandRecord of(ReplyTo replyTo, long receivedAt, Command command) {
        return new CommandRecord(replyTo, receivedAt, command, 0, 1);
    }

    public TransferId transferId() {
        return new TransferId(replyTo.clientId(), command.fileId());
    }

    /** Whether this record completes the device's PUBLISH, so its response is due. */
    public boolean isLastPart() {
        return part == parts - 1;
    }
}
