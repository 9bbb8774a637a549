package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.records.CatalogEntry;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which files retention deletes, and when it must keep off a transfer that an export is touching. */
class RetentionRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final TransferId ID = new TransferId("c", "f");

    private static CatalogEntry entry(Long expireAt, Instant exportedAt) {
        return new CatalogEntry("c", "f", "n", 1, Sha256.digest(new byte[] {1}),
                new FileMeta("n", null, null, expireAt, null, null), exportedAt.toEpochMilli(),
                List.of(new Location("local", "file:///x/c/f/n")));
    }

    @Test
    void shouldExpireAtTheSecondGivenByExpireAtAndNotBefore() {
        RetentionConfig rules = new RetentionConfig(true, Duration.ZERO, Duration.ofMinutes(1), Duration.ofDays(1));
        long at = NOW.getEpochSecond();
        assertThat(rules.isExpired(entry(at, NOW.minusSeconds(10)), NOW)).isTrue();
        assertThat(rules.isExpired(entry(at + 1, NOW.minusSeconds(10)), NOW)).isFalse();
        assertThat(rules.isExpired(entry(null, NOW.minus(Duration.ofDays(3650))), NOW)).isFalse();
        assertThat(rules.isExpired(entry(0L, NOW.minus(Duration.ofDays(3650))), NOW)).isFalse();
    }

    @Test
    void shouldKeepFilesWithExpireAtWhenThatRuleIsOffAndApplyMaxAgeToAll() {
        RetentionConfig rules = new RetentionConfig(false, Duration.ofDays(30), Duration.ofMinutes(1),
                Duration.ofDays(1));
        assertThat(rules.isExpired(entry(0L, NOW.minus(Duration.ofDays(29))), NOW)).isFalse();
        assertThat(rules.isExpired(entry(null, NOW.minus(Duration.ofDays(30))), NOW)).isTrue();
        assertThat(rules.isExpired(entry(NOW.getEpochSecond() + 86_400, NOW.minus(Duration.ofDays(31))), NOW))
                .isTrue();
        assertThat(new RetentionConfig(false, Duration.ZERO, Duration.ofMinutes(1), Duration.ofDays(1))
                .deletesFiles()).isFalse();
    }

    @Test
    void shouldRejectNegativeMaxAgeOrZeroInterval() {
        assertThatThrownBy(() -> new RetentionConfig(true, Duration.ofSeconds(-1), Duration.ofMinutes(1),
                Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionConfig(true, Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepRetentionOffATransferWhileItsExportRunsOrAwaitsItsCommit() {
        ShiftedClock clock = new ShiftedClock(Duration.ZERO);
        TransferClaims claims = new TransferClaims(clock);
        assertThat(claims.tryClaim(ID)).isTrue();
        assertThat(claims.tryClaim(ID)).isFalse();
        claims.exportFinished(ID);
        claims.release(ID);
        Instant snapshot = clock.instant().minusSeconds(1);
        assertThat(claims.changedSince(ID, snapshot)).isTrue();

        claims.committed(ID);

        assertThat(claims.changedSince(ID, snapshot)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        Instant laterSnapshot = clock.instant();
        assertThat(claims.changedSince(ID, laterSnapshot)).isFalse();
        claims.forgetCommitsBefore(laterSnapshot);
        assertThat(claims.changedSince(ID, snapshot)).isFalse();
        assertThat(claims.tryClaim(ID)).isTrue();
    }
}
