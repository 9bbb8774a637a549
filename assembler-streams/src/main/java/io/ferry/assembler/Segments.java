package io.ferry.assembler;

import io.ferry.protocol.ByteRange;
import io.ferry.records.CommandRecord;
import io.ferry.protocol.Reason;
import io.ferry.protocol.Segment;
import io.ferry.records.TransferId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments go into the index (never the bytes): a repeat of the same (offset, length) is ignored, anything else is
 * kept, in any order. A PUBLISH the bridge split into parts is judged on its first part and answered on its last;
 * parts of PUBLISHes that came through different bridges may interleave, so several can be open at once.
 */
record Segments(TransferStore store, Outputs out, Lifecycle lifecycle, Fins fins, QuotaGuard quota,
                QuotaCounters counters, TransferLimits limits) {
    private static final Logger LOG = LoggerFactory.getLogger(Segments.class);
    /**
     * Bounds the open split PUBLISHes kept per transfer (also to {@link TransferLimits#maxReplyBytes} of topics); an
     * evicted one is answered internal_error and resent.
     */
    static final int MAX_OPEN_PUBLISHES = 16;

    private record Verdict(Transfer transfer, Reason reason) {
    }

    void handle(TransferId id, CommandRecord command, Segment segment, Transfer before, Origin origin, long now) {
        if (segment.offset() > Long.MAX_VALUE - segment.length()) {
            // The bridge refuses these; a record from elsewhere must not stop the assembler on a negative range.
            if (command.isLastPart()) {
                out.respond(command.replyTo(), Reason.INVALID_OFFSET, now);
            }
            return;
        }
        Verdict verdict = command.part() == 0
                ? judge(id, before, command, segment, origin, now)
                : followFirstPart(id, command, segment, before, origin, now);
        Transfer after = verdict.transfer();
        if (after != null && command.parts() > 1) {
            after = tracked(after, command, verdict.reason());
        }
        if (after != null && after != before) {
            lifecycle.save(id, before, after, now);
        }
        if (command.isLastPart()) {
            out.respond(command.replyTo(), verdict.reason(), now);
        }
    }

    private Verdict judge(TransferId id, Transfer before, CommandRecord command, Segment segment, Origin origin,
                          long now) {
        if (before == null) {
            if (!quota.admitsNewTransfer(id) || !admits(id, segment)) {
                return new Verdict(null, Reason.QUOTA_EXCEEDED);
            }
            return new Verdict(index(id, lifecycle.create(id, origin, now), segment, origin, now), Reason.SUCCESS);
        }
        if (!before.isReceiving()) {
            if (!before.export().aborts().isEmpty()) {
                // An abort waits for the export's outcome; this belongs to the next upload: try again later.
                return new Verdict(before, Reason.QUOTA_EXCEEDED);
            }
            // The manifest is fixed (exporting) or the file is out (exported): like EMQX, accept and drop.
            return new Verdict(before, Reason.SUCCESS);
        }
        if (store.hasSegment(id, segment.offset(), segment.length())) {
            return new Verdict(before.touched(now), Reason.SUCCESS);
        }
        if (!withinLimits(before, command, segment)) {
            return new Verdict(before, Reason.TRANSFER_LIMIT_EXCEEDED);
        }
        if (!admits(id, segment)) {
            return new Verdict(before, Reason.QUOTA_EXCEEDED);
        }
        return new Verdict(index(id, before, segment, origin, now), Reason.SUCCESS);
    }

    /**
     * A later part follows its first part's verdict, so the one answer covers the whole PUBLISH. Without a first
     * part on record (refused before the transfer existed, or never seen) the PUBLISH is not wholly stored, so it
     * is refused and the device resends it; resent parts already indexed are ignored as duplicates.
     */
    private Verdict followFirstPart(TransferId id, CommandRecord command, Segment segment, Transfer before,
                                    Origin origin, long now) {
        OpenPublish open = before == null ? null : before.progress().openPublish(command.replyTo());
        if (open == null) {
            return new Verdict(before, before == null ? Reason.QUOTA_EXCEEDED : Reason.INTERNAL_ERROR);
        }
        if (open.verdict() != Reason.SUCCESS) {
            return new Verdict(before, open.verdict());
        }
        return new Verdict(index(id, before, segment, origin, now), Reason.SUCCESS);
    }

    private Transfer tracked(Transfer t, CommandRecord command, Reason verdict) {
        List<OpenPublish> open = new ArrayList<>();
        for (OpenPublish publish : t.progress().openPublishes()) {
            if (!publish.matches(command.replyTo())) {
                open.add(publish);
            }
        }
        if (!command.isLastPart()) {
            open.add(OpenPublish.of(command.replyTo(), verdict));
        }
        // Newest kept, by count and by topic bytes (a topic may be 64 KiB): the transfer's record stays bounded.
        int from = Math.max(0, open.size() - MAX_OPEN_PUBLISHES);
        long bytes = 0;
        for (int i = open.size() - 1; i >= from; i--) {
            bytes += open.get(i).topic().length();
            if (bytes > limits.maxReplyBytes()) {
                from = i + 1;
                break;
            }
        }
        return t.with(t.progress().withOpenPublishes(open.subList(from, open.size())));
    }

    /**
     * The index may grow by every part of this PUBLISH (later parts follow the first part's verdict and extend the
     * same range), so the whole PUBLISH is judged now: the bound holds exactly.
     */
    private boolean withinLimits(Transfer t, CommandRecord command, Segment segment) {
        Transfer.Progress progress = t.progress();
        if ((long) progress.segmentCount() + command.parts() > limits.maxSegments()) {
            LOG.info("transfer limit: {} segments indexed, limit {}", progress.segmentCount(), limits.maxSegments());
            return false;
        }
        List<ByteRange> received = progress.received();
        if (segment.length() > 0 && Ranges.add(received, new ByteRange(segment.offset(), segment.end())).size()
                > limits.maxRanges()) {
            LOG.info("transfer limit: {} disjoint ranges, limit {}", received.size(), limits.maxRanges());
            return false;
        }
        return true;
    }

    private boolean admits(TransferId id, Segment segment) {
        return quota.admitsSize(id, segment.end()) && quota.admitsBytes(id, segment.length());
    }

    /** Adds the segment to a receiving transfer's index unless it is a duplicate; returns the updated transfer. */
    private Transfer index(TransferId id, Transfer t, Segment segment, Origin origin, long now) {
        if (!t.isReceiving() || store.hasSegment(id, segment.offset(), segment.length())) {
            return t.touched(now);
        }
        long at = Math.min(now, origin.timestamp());
        store.putSegment(id, new IndexedSegment(segment.offset(), segment.length(), origin.offset()), at);
        counters.bytesIndexed(id, segment.length());
        Transfer indexed = t.with(t.progress().indexed(new ByteRange(segment.offset(), segment.end()),
                segment.length(), at)).touched(now);
        return fins.onProgress(id, indexed, now);
    }
}
