package io.ferry.client.internal;

import static io.ferry.client.internal.Answers.isQuota;

import io.ferry.client.FerryUploadException;
import io.ferry.client.ProgressListener;
import io.ferry.client.UploadPhase;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.CommandTopic;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Response;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload's state machine, run on the uploader's event thread. On every (re)connection it sends init and asks
 * {@code status}, takes the server's received ranges as confirmed, sends the gaps with a window of segments in
 * flight, then fin. Callbacks carry the epoch they were issued in; the epoch changes on every disconnect, so answers
 * from an earlier connection are ignored and the next resume learns their fate from the server (or, without the
 * status extension, sends those segments again).
 */
final class UploadSession {
    private static final Logger LOG = LoggerFactory.getLogger(UploadSession.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final SessionHost host;
    private final UploaderConfig config;
    private final UploadFuture future;
    private final SegmentSource source;
    private final String fileId;
    private final long size;
    private final FileMeta meta;
    private final CommandTopic topics;
    private final ProgressListener listener;
    private final UploadStats stats;
    private final RangeSet confirmed = new RangeSet();
    private final Map<Long, ByteRange> inFlight = new TreeMap<>();
    /** The ranges of {@link #inFlight}, kept as they change: rebuilding them on every answer cost O(window). */
    private final RangeSet inFlightRanges = new RangeSet();
    private final Map<Long, Integer> attempts = new HashMap<>();
    private final Backoff quotaBackoff;
    private UploadPhase phase = UploadPhase.CONNECTING;
    private long epoch;
    private int segmentSizeCap = Integer.MAX_VALUE;
    private int resumeAttempts;
    private int finRetries;
    private boolean started;
    private Sha256 checksum;

    UploadSession(SessionHost host, UploadFuture future, SegmentSource source, String fileId, FileMeta meta,
                  ProgressListener listener) {
        this.host = host;
        this.config = host.config();
        this.future = future;
        this.source = source;
        this.fileId = fileId;
        this.size = source.size();
        this.meta = meta;
        this.topics = CommandTopic.of(config.mode(), fileId);
        this.listener = listener;
        this.stats = new UploadStats(host.clock());
        this.quotaBackoff = new Backoff(config.quotaInitial(), config.quotaMax());
    }

    String fileId() {
        return fileId;
    }

    boolean isDone() {
        return phase == UploadPhase.DONE || phase == UploadPhase.FAILED;
    }

    void start() {
        if (host.online()) {
            resume();
        } else {
            phase(UploadPhase.CONNECTING);
        }
    }

    void online() {
        if (!isDone()) {
            resume();
        }
    }

    void offline() {
        if (isDone()) {
            return;
        }
        epoch++;
        clearInFlight();
        if (started) {
            stats.reconnects++;
        }
        phase(UploadPhase.CONNECTING);
    }

    /** Stops without aborting on the server (closing, connection refused): a later upload of this fileId resumes. */
    void abandon(FerryUploadException why) {
        fail(why);
    }

    void onCancel(Runnable action) {
        future.onCancel(action);
    }

    /** The caller cancelled the future: forget the upload here and abort it on the server. */
    CompletableFuture<Response> cancelled() {
        if (isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        epoch++;
        phase(UploadPhase.FAILED);
        host.finished(this);
        source.close();
        LOG.info("upload cancelled, aborting fileId={} clientId={}", fileId, config.clientId());
        return host.online() ? host.request(topics.abort().topic(), EMPTY, config.responseTimeout())
                : CompletableFuture.completedFuture(null);
    }

    private void resume() {
        long current = ++epoch;
        started = true;
        clearInFlight();
        phase(UploadPhase.RESUMING);
        boolean askStatus = host.statusSupported();
        CompletableFuture<Response> init = host.request(topics.init().topic(), ByteBuffer.wrap(meta.toJson()),
                config.responseTimeout());
        CompletableFuture<Response> status = askStatus
                ? host.request(topics.status().topic(), EMPTY, config.statusTimeout())
                : CompletableFuture.completedFuture(null);
        init.handle(Answers.Outcome::new).thenCombine(status.handle(Answers.Outcome::new), (i, s) -> {
            guard(current, () -> resumed(i, s, askStatus));
            return null;
        });
    }

    private void resumed(Answers.Outcome init, Answers.Outcome status, boolean askedStatus) {
        if (init.error() != null) {
            if (init.timedOut() && ++resumeAttempts <= config.maxSegmentAttempts()) {
                resume();
            } else if (!init.lost()) {
                fail(Answers.local(fileId, "init", init.error()));
            }
            return;
        }
        if (isQuota(init.response())) {
            pause(this::resume);
            return;
        }
        if (!init.response().isSuccess()) {
            fail(Answers.rejected(fileId, init.response()));
            return;
        }
        resumeAttempts = 0;
        if (askedStatus) {
            learnStatus(status);
        }
        stats.skippedAtStart(confirmed.bytes());
        source.release(confirmed);
        LOG.info("upload resumed fileId={} clientId={} size={} confirmed={}", fileId, config.clientId(), size,
                confirmed.bytes());
        phase(UploadPhase.SENDING);
        pump();
    }

    /** A status answer replaces what we believe is stored; any other answer means the server lacks the extension. */
    private void learnStatus(Answers.Outcome status) {
        Response response = status.response();
        if (response != null && response.isSuccess() && response.transfer() != null) {
            host.statusSupported(true);
            replaceConfirmed(Answers.stored(response.transfer(), size));
        } else if (response != null && !isQuota(response) || status.timedOut()) {
            LOG.info("server does not answer status ({}): resending what was not confirmed, clientId={}",
                    response == null ? "no answer" : response.reasonDescription(), config.clientId());
            host.statusSupported(false);
        }
    }

    private void pump() {
        if (phase != UploadPhase.SENDING) {
            return;
        }
        int segmentSize = Math.min(segmentSizeCap, host.segmentSize(topics));
        while (inFlight.size() < config.window()) {
            ByteRange next = SegmentPlanner.next(confirmed, inFlightRanges, size, segmentSize);
            if (next == null || !send(next)) {
                break;
            }
        }
        if (phase == UploadPhase.SENDING && inFlight.isEmpty() && confirmed.covers(0, size)) {
            finish();
        }
    }

    private boolean send(ByteRange range) {
        ByteBuffer data;
        try {
            data = source.read(range.start(), (int) range.length());
        } catch (IOException e) {
            fail(FerryUploadException.local(fileId, "io_error", "cannot read " + meta.name() + ": " + e.getMessage(),
                    e));
            return false;
        }
        String topic = topics.segment(range.start(), Sha256.digest(data)).topic();
        stats.sent(range.start(), range.end());
        inFlight.put(range.start(), range);
        inFlightRanges.add(range);
        long current = epoch;
        host.request(topic, data, config.responseTimeout())
                .whenComplete((r, e) -> guard(current, () -> segmentDone(range, new Answers.Outcome(r, e))));
        return true;
    }

    private void segmentDone(ByteRange range, Answers.Outcome outcome) {
        inFlight.remove(range.start());
        inFlightRanges.remove(range.start(), range.end());
        Response response = outcome.response();
        if (outcome.error() != null) {
            if (outcome.timedOut() && retry(range, "timeout")) {
                pump();
            } else if (!outcome.lost() && !isDone()) {
                fail(Answers.local(fileId, "segment at " + range.start(), outcome.error()));
            }
        } else if (response.isSuccess()) {
            confirmed.add(range);
            attempts.remove(range.start());
            stats.acked(range.length());
            source.release(confirmed);
            quotaBackoff.reset();
            progress();
            pump();
        } else if (isQuota(response)) {
            pause(this::pump);
        } else if (Answers.is(response, Answers.CHECKSUM_MISMATCH)) {
            if (retry(range, Answers.CHECKSUM_MISMATCH)) {
                pump();
            }
        } else if (Answers.is(response, Answers.SEGMENT_TOO_LARGE)
                && range.length() / 2 >= SegmentSizing.MIN_SEGMENT) {
            segmentSizeCap = (int) (range.length() / 2);
            LOG.warn("segment too large for the server, using {} bytes fileId={}", segmentSizeCap, fileId);
            pump();
        } else {
            fail(Answers.rejected(fileId, response));
        }
    }

    private boolean retry(ByteRange range, String why) {
        int attempt = attempts.merge(range.start(), 1, Integer::sum);
        if (attempt >= config.maxSegmentAttempts()) {
            fail(FerryUploadException.local(fileId, why, "segment at " + range.start() + " failed " + attempt
                    + " times (" + why + ")", null));
            return false;
        }
        LOG.info("resending segment at {} ({}) fileId={}", range.start(), why, fileId);
        return true;
    }

    private void finish() {
        phase(UploadPhase.FINISHING);
        try {
            checksum = source.finalChecksum();
        } catch (IOException e) {
            fail(FerryUploadException.local(fileId, "io_error", e.getMessage(), e));
            return;
        }
        stats.finRounds++;
        long current = epoch;
        host.request(topics.fin(size, checksum).topic(), EMPTY, config.finTimeout())
                .whenComplete((r, e) -> guard(current, () -> finDone(new Answers.Outcome(r, e))));
    }

    private void finDone(Answers.Outcome outcome) {
        Response response = outcome.response();
        if (outcome.error() != null) {
            if (outcome.timedOut() && ++finRetries < config.maxFinRounds()) {
                finish();
            } else if (!outcome.lost()) {
                fail(Answers.local(fileId, "fin", outcome.error()));
            }
        } else if (response.isSuccess()) {
            complete();
        } else if (isQuota(response)) {
            pause(this::finish);
        } else if (Answers.is(response, Answers.INCOMPLETE) && ++finRetries < config.maxFinRounds()) {
            sendMissing(response.transfer());
        } else {
            fail(Answers.rejected(fileId, response));
        }
    }

    /** An incomplete fin: send what the server says is missing (everything, when it does not say). */
    private void sendMissing(TransferStatus transfer) {
        replaceConfirmed(transfer == null ? new RangeSet() : RangeSet.of(transfer.received()));
        if (confirmed.covers(0, size)) {
            // Every byte is there but in segments whose boundaries do not chain: send our own chain again.
            confirmed.clear();
        }
        LOG.info("fin incomplete, sending {} missing bytes fileId={} clientId={}", size - confirmed.bytes(), fileId,
                config.clientId());
        phase(UploadPhase.SENDING);
        progress();
        pump();
    }

    private void clearInFlight() {
        inFlight.clear();
        inFlightRanges.clear();
    }

    private void replaceConfirmed(RangeSet stored) {
        confirmed.clear();
        stored.toList().forEach(confirmed::add);
    }

    private void pause(Runnable then) {
        UploadPhase before = phase;
        phase(UploadPhase.PAUSED);
        java.time.Duration delay = quotaBackoff.next();
        LOG.info("server quota exceeded, pausing {} ms fileId={} clientId={}", delay.toMillis(), fileId,
                config.clientId());
        long current = epoch;
        host.schedule(() -> guard(current, () -> {
            if (phase == UploadPhase.PAUSED) {
                phase(before == UploadPhase.RESUMING ? before : UploadPhase.SENDING);
                then.run();
            }
        }), delay);
    }

    private void complete() {
        phase(UploadPhase.DONE);
        host.finished(this);
        source.close();
        LOG.info("upload confirmed fileId={} clientId={} size={} sent={} resent={}", fileId, config.clientId(), size,
                stats.bytesSent, stats.bytesResent);
        future.complete(stats.result(fileId, meta.name(), size, checksum.hex()));
    }

    private void fail(FerryUploadException failure) {
        if (isDone()) {
            return;
        }
        epoch++;
        phase(UploadPhase.FAILED);
        host.finished(this);
        source.close();
        LOG.warn("upload failed fileId={} clientId={}: {}", fileId, config.clientId(), failure.getMessage());
        future.completeExceptionally(failure);
    }

    private void phase(UploadPhase next) {
        if (next != phase) {
            phase = next;
            progress();
        }
    }

    private void progress() {
        try {
            listener.onProgress(stats.progress(fileId, meta.name(), size, phase, confirmed.bytes()));
        } catch (RuntimeException e) {
            // The listener is the caller's code: a bug there must not stop the upload.
            LOG.warn("progress listener failed fileId={}", fileId, e);
        }
    }

    /** Runs a callback of the given epoch; a stale one is dropped, and a bug fails this upload rather than hang. */
    private void guard(long callbackEpoch, Runnable callback) {
        if (callbackEpoch != epoch || isDone()) {
            return;
        }
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("bug in upload fileId={}", fileId, e);
            fail(FerryUploadException.local(fileId, "internal_error", "internal error: " + e, e));
        }
    }
}
