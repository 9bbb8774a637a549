package io.ferry.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.ferry.records.TransferId;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived download links: {@code …/content?expires=<epoch seconds>&signature=<HMAC>}. The dashboard asks for one
 * with its token and then lets the browser download natively (streamed to disk, resumable), instead of putting the
 * long-lived token into a URL where it would end up in history and logs. A link opens one file until it expires.
 */
final class SignedLinks {
    static final String EXPIRES = "expires";
    static final String SIGNATURE = "signature";
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    SignedLinks(byte[] secret, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.ttl = requireNonNull(ttl, "ttl");
        this.clock = requireNonNull(clock, "clock");
    }

    static SignedLinks create(String secret, Duration ttl, Clock clock) {
        byte[] key;
        if (secret == null) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else {
            key = secret.getBytes(UTF_8);
        }
        return new SignedLinks(key, ttl, clock);
    }

    record Link(String query, Instant expiresAt) {
    }

    Link sign(TransferId id) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return new Link(EXPIRES + "=" + expires + "&" + SIGNATURE + "=" + mac(id, expires),
                Instant.ofEpochSecond(expires));
    }

    /** Whether the query parameters form an unexpired link for exactly this file. */
    boolean verify(TransferId id, String expires, String signature) {
        if (expires == null || signature == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        boolean valid = MessageDigest.isEqual(mac(id, seconds).getBytes(UTF_8), signature.getBytes(UTF_8));
        return valid && clock.instant().getEpochSecond() <= seconds;
    }

    private String mac(TransferId id, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] sig = mac.doFinal(("ferry-download-v1\n" + id.encode() + "\n" + expires).getBytes(UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
