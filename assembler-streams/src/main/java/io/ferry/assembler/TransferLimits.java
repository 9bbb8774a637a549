package io.ferry.assembler;

import static java.util.Objects.requireNonNull;

import io.ferry.protocol.ReplyTo;
import io.ferry.records.TopicAdmin;
import io.ferry.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Hard limits of one transfer. They bound every record the assembler writes about it (its changelogged state,
 * snapshots, responses and the manifest) by construction, so one hostile device can never make a record that Kafka
 * refuses and that would then fail again on every instance the task moves to.
 *
 * @param maxWaiters     fins (and, while exporting, aborts) waiting for an answer; more are answered
 *                       {@code quota_exceeded}
 * @param maxReplyBytes  total reply data of those waiters (topic, Response-Topic, Correlation-Data)
 * @param maxRanges      disjoint received ranges; a segment that would add one more is {@code transfer_limit_exceeded}
 * @param maxSegments    indexed segments (so manifest pointers); beyond, {@code transfer_limit_exceeded}
 * @param maxSegmentAge  an indexed segment older than this is forgotten and reported missing, so the index never
 *                       points at records that {@code ferry.commands} retention deleted (must stay below it)
 */
public record TransferLimits(int maxWaiters, int maxReplyBytes, int maxRanges, int maxSegments,
                             Duration maxSegmentAge) {
    public static final int DEFAULT_MAX_WAITERS = 16;
    public static final int DEFAULT_MAX_REPLY_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_RANGES = 1_000;
    public static final int DEFAULT_MAX_SEGMENTS = 250_000;
    public static final Duration DEFAULT_MAX_SEGMENT_AGE = Duration.ofDays(6);
    /** Upper bound of one manifest pointer in JSON: {@code [kafkaOffset,fileOffset,length],} with 19-digit longs. */
    static final int POINTER_JSON_BYTES = 52;
    /** Room for the meta (init ≤ 64 KiB at ingress, escaped) and the fixed fields of a manifest. */
    static final int MANIFEST_OVERHEAD_BYTES = 512 * 1024;

    public TransferLimits {
        requireNonNull(maxSegmentAge, "maxSegmentAge");
        if (maxWaiters < 1 || maxReplyBytes < 1 || maxRanges < 1 || maxSegments < 1) {
            throw new IllegalArgumentException("transfer limits must be >= 1");
        }
        if (maxSegmentAge.isNegative() || maxSegmentAge.isZero()) {
            throw new IllegalArgumentException("maxSegmentAge must be > 0: " + maxSegmentAge);
        }
        if (worstManifestBytes(maxSegments, maxReplyBytes) > TopicAdmin.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("a manifest of " + maxSegments + " segments and " + maxReplyBytes
                    + " reply bytes could exceed " + TopicAdmin.MAX_MESSAGE_BYTES + " bytes");
        }
    }

    public static TransferLimits defaults() {
        return new TransferLimits(DEFAULT_MAX_WAITERS, DEFAULT_MAX_REPLY_BYTES, DEFAULT_MAX_RANGES,
                DEFAULT_MAX_SEGMENTS, DEFAULT_MAX_SEGMENT_AGE);
    }

    /** Keys {@code ferry.assembler.transfer.max.waiters}, {@code .max.reply.bytes}, {@code .max.ranges},
     *  {@code .max.segments}, and {@code ferry.assembler.segments.max.age}. */
    public static TransferLimits fromSettings(Settings settings) {
        int segments = settings.get(AssemblerSettings.MAX_SEGMENTS);
        int replyBytes = settings.get(AssemblerSettings.MAX_REPLY_BYTES);
        if (worstManifestBytes(segments, replyBytes) > TopicAdmin.MAX_MESSAGE_BYTES) {
            settings.addError("ferry.assembler.transfer.max.segments / .max.reply.bytes: a manifest could exceed "
                    + TopicAdmin.MAX_MESSAGE_BYTES + " bytes");
            segments = DEFAULT_MAX_SEGMENTS;
            replyBytes = DEFAULT_MAX_REPLY_BYTES;
        }
        Duration age = settings.get(AssemblerSettings.SEGMENTS_MAX_AGE);
        return new TransferLimits(settings.get(AssemblerSettings.MAX_WAITERS), replyBytes,
                settings.get(AssemblerSettings.MAX_RANGES), segments, age);
    }

    /** True if one more waiter {@code next} fits beside {@code waiting}. */
    boolean admitsWaiter(List<ReplyTo> waiting, ReplyTo next) {
        if (waiting.size() >= maxWaiters) {
            return false;
        }
        long bytes = replyBytes(next);
        for (ReplyTo waiter : waiting) {
            bytes += replyBytes(waiter);
        }
        return bytes <= maxReplyBytes;
    }

    static long replyBytes(ReplyTo replyTo) {
        return utf8(replyTo.clientId()) + utf8(replyTo.topic()) + utf8(replyTo.responseTopic())
                + (replyTo.correlationData() == null ? 0 : replyTo.correlationData().length);
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Base64 makes Correlation-Data 4/3 larger in JSON; waiters appear once in a manifest. */
    private static long worstManifestBytes(long segments, long replyBytes) {
        return segments * POINTER_JSON_BYTES + replyBytes * 2 + MANIFEST_OVERHEAD_BYTES;
    }
}
