package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.TransferId;
import io.ferry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignedLinksTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final SignedLinks links = SignedLinks.create("k", Duration.ofMinutes(2), clock);
    private final TransferId file = new TransferId("c/1", "f:1");

    @Test
    void shouldVerifyLinkForSameFileUntilItExpires() {
        SignedLinks.Link link = links.sign(file);
        String expires = param(link.query(), SignedLinks.EXPIRES);
        String signature = param(link.query(), SignedLinks.SIGNATURE);
        assertThat(links.verify(file, expires, signature)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(links.verify(file, expires, signature)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(links.verify(file, expires, signature)).isFalse();
    }

    @Test
    void shouldRejectLinkForOtherFileTamperedExpiryOrOtherKey() {
        SignedLinks.Link link = links.sign(file);
        String expires = param(link.query(), SignedLinks.EXPIRES);
        String signature = param(link.query(), SignedLinks.SIGNATURE);
        assertThat(links.verify(new TransferId("c/1", "f:2"), expires, signature)).isFalse();
        assertThat(links.verify(file, Long.toString(Long.parseLong(expires) + 3600), signature)).isFalse();
        assertThat(links.verify(file, "x", signature)).isFalse();
        assertThat(links.verify(file, expires, null)).isFalse();
        assertThat(SignedLinks.create("other", Duration.ofMinutes(2), clock).verify(file, expires, signature))
                .isFalse();
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing in " + query);
    }
}
