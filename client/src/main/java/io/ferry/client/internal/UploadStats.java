package io.ferry.client.internal;

import io.ferry.client.UploadPhase;
import io.ferry.client.UploadProgress;
import io.ferry.client.UploadResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** An upload's counters, and the progress and result built from them. */
final class UploadStats {
    private static final long RATE_WINDOW_MILLIS = 5_000;
    private final Clock clock;
    private final Instant started;
    private final RateMeter rate;
    private final RangeSet everSent = new RangeSet();
    long bytesSent;
    long bytesResent;
    long bytesSkipped = -1;
    long bytesAckedHere;
    int segmentsSent;
    int reconnects;
    int finRounds;

    UploadStats(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        this.rate = new RateMeter(clock, RATE_WINDOW_MILLIS);
        rate.record(0);
    }

    void sent(long start, long end) {
        long again = everSent.overlap(start, end);
        everSent.add(start, end);
        bytesSent += end - start;
        bytesResent += again;
        segmentsSent++;
    }

    void acked(long bytes) {
        bytesAckedHere += bytes;
        rate.record(bytesAckedHere);
    }

    /** What the server held at the first resume; counted once. */
    void skippedAtStart(long bytes) {
        if (bytesSkipped < 0) {
            bytesSkipped = bytes;
        }
    }

    UploadProgress progress(String fileId, String name, long size, UploadPhase phase, long confirmed) {
        rate.record(bytesAckedHere);
        return new UploadProgress(fileId, name, size, phase, confirmed, bytesSent, bytesResent,
                rate.bytesPerSecond());
    }

    UploadResult result(String fileId, String name, long size, String sha256) {
        return new UploadResult(fileId, name, size, sha256, bytesSent, bytesResent, Math.max(0, bytesSkipped),
                segmentsSent, reconnects, finRounds, Duration.between(started, clock.instant()));
    }
}
