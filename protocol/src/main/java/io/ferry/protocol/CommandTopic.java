package io.ferry.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A command topic (docs/protocol.md §2), the one place that knows its grammar: {@code <mode prefix><fileId>/<command
 * levels>}. {@link #parse} splits a topic as published; {@link #of} and the command methods build topics for one
 * fileId (the device SDK). What the levels mean is {@link CommandParser}'s business.
 */
public record CommandTopic(Mode mode, String fileId, List<String> command) {
    public static final String INIT = "init";
    public static final String FIN = "fin";
    public static final String ABORT = "abort";
    public static final String STATUS = "status";
    /** Bound on an offset level's length (a long has at most 19 digits). */
    private static final int MAX_OFFSET_DIGITS = 20;
    private static final int CHECKSUM_HEX_DIGITS = 64;

    public CommandTopic {
        requireNonNull(mode, "mode");
        requireNonNull(fileId, "fileId");
        if (fileId.isEmpty() || fileId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("fileId must be one non-empty topic level: " + fileId);
        }
        command = List.copyOf(command);
    }

    /** The topic split into mode, fileId and command levels; a command with no levels is refused. */
    public static CommandTopic parse(String topic) {
        Mode mode = Mode.of(topic);
        if (mode == null) {
            throw new ProtocolException(Reason.INVALID_FILE_COMMAND, "not a file transfer topic: " + topic);
        }
        List<String> levels = Arrays.asList(topic.substring(mode.prefix().length()).split("/", -1));
        if (levels.get(0).isEmpty()) {
            throw new ProtocolException(Reason.INVALID_FILEID, "fileId is empty");
        }
        if (levels.size() == 1) {
            throw new ProtocolException(Reason.INVALID_FILE_COMMAND, "no command after fileId");
        }
        return new CommandTopic(mode, levels.get(0), levels.subList(1, levels.size()));
    }

    /** {@code <prefix><fileId>/init} with a valid fileId: the only command whose payload is JSON. */
    public static boolean isInit(String topic) {
        Mode mode = Mode.of(topic);
        if (mode == null || !topic.endsWith("/" + INIT)) {
            return false;
        }
        String fileId = topic.substring(mode.prefix().length(), topic.length() - INIT.length() - 1);
        return !fileId.isEmpty() && fileId.indexOf('/') < 0;
    }

    /** The base for building one fileId's topics; not a command itself. */
    public static CommandTopic of(Mode mode, String fileId) {
        return new CommandTopic(mode, fileId, List.of());
    }

    public CommandTopic init() {
        return with(INIT);
    }

    public CommandTopic segment(long offset, Sha256 checksum) {
        return checksum == null ? with(Long.toString(offset)) : with(Long.toString(offset), checksum.hex());
    }

    public CommandTopic fin(long size, Sha256 checksum) {
        return checksum == null ? with(FIN, Long.toString(size)) : with(FIN, Long.toString(size), checksum.hex());
    }

    public CommandTopic abort() {
        return with(ABORT);
    }

    public CommandTopic status() {
        return with(STATUS);
    }

    /** UTF-8 length of this fileId's longest topic: a segment with the largest offset and a checksum. */
    public int maxTopicBytes() {
        int base = (mode.prefix() + fileId + "/").getBytes(StandardCharsets.UTF_8).length;
        return base + MAX_OFFSET_DIGITS + 1 + CHECKSUM_HEX_DIGITS;
    }

    /** The topic as published. */
    public String topic() {
        return mode.prefix() + fileId + (command.isEmpty() ? "" : "/" + String.join("/", command));
    }

    private CommandTopic with(String... levels) {
        List<String> all = new ArrayList<>(command);
        all.addAll(Arrays.asList(levels));
        return new CommandTopic(mode, fileId, all);
    }

    @Override
    public String toString() {
        return topic();
    }
}
