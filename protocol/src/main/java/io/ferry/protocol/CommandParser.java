package io.ferry.protocol;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Parses a PUBLISH (topic + payload) into a {@link Command} with EMQX's topic grammar and branch order
 * (docs/protocol.md §2; EMQX's {@code emqx_ft.erl}), plus Ferry's {@code status} and its stricter offsets: non-negative
 * decimal only. Also checks a segment's SHA-256 against its payload. Every failure is a {@link ProtocolException}.
 */
public final class CommandParser {
    private CommandParser() {
    }

    public static Command parse(String topic, byte[] payload) {
        return parse(topic, ByteBuffer.wrap(payload));
    }

    /**
     * The same on a buffer (its remaining bytes; not consumed): a segment keeps a view of it, so the broker's ingress
     * never copies a payload before encoding its record.
     */
    public static Command parse(String topic, ByteBuffer payload) {
        CommandTopic parsed = CommandTopic.parse(topic);
        String fileId = parsed.fileId();
        List<String> rest = parsed.command();
        switch (rest.size()) {
            case 1:
                return oneLevel(fileId, rest.get(0), payload);
            case 2:
                if (rest.get(0).equals(CommandTopic.FIN)) {
                    return new Fin(fileId, size(rest.get(1)), null);
                }
                return segment(fileId, rest.get(0), rest.get(1), payload);
            case 3:
                if (rest.get(0).equals(CommandTopic.FIN)) {
                    long size = size(rest.get(1));
                    return new Fin(fileId, size, Sha256.parse(rest.get(2)));
                }
                throw new ProtocolException(Reason.INVALID_FILE_COMMAND, "unknown command");
            default:
                throw new ProtocolException(Reason.INVALID_FILE_COMMAND, "unknown command");
        }
    }

    private static Command oneLevel(String fileId, String command, ByteBuffer payload) {
        switch (command) {
            case CommandTopic.INIT:
                return new Init(fileId, FileMetaParser.parse(bytes(payload)));
            case CommandTopic.ABORT:
                return new Abort(fileId);
            case CommandTopic.STATUS:
                return new Status(fileId);
            default:
                return segment(fileId, command, null, payload);
        }
    }

    private static Segment segment(String fileId, String offsetLevel, String checksumLevel, ByteBuffer payload) {
        long offset = number(offsetLevel, Reason.INVALID_OFFSET, "offset");
        if (offset > Long.MAX_VALUE - payload.remaining()) {
            // Its end would overflow a long: no file reaches it, and every range computation would break.
            throw new ProtocolException(Reason.INVALID_OFFSET, "segment ends past the largest offset");
        }
        Sha256 checksum = checksumLevel == null ? null : Sha256.parse(checksumLevel);
        Segment segment = new Segment(fileId, offset, checksum, payload.duplicate());
        if (checksum != null && !checksum.equals(Sha256.digest(payload))) {
            throw new ProtocolException(Reason.CHECKSUM_MISMATCH, "segment payload does not match its checksum");
        }
        return segment;
    }

    private static byte[] bytes(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    private static long size(String level) {
        return number(level, Reason.INVALID_SIZE, "size");
    }

    private static long number(String level, Reason reason, String what) {
        if (level.isEmpty()) {
            throw new ProtocolException(reason, what + " must be a non-negative decimal integer");
        }
        for (int i = 0; i < level.length(); i++) {
            char c = level.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException(reason, what + " must be a non-negative decimal integer");
            }
        }
        try {
            return Long.parseLong(level);
        } catch (NumberFormatException e) {
            throw new ProtocolException(reason, what + " is too large");
        }
    }
}
