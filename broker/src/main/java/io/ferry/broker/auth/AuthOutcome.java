package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

/**
 * The verdict on one CONNECT: an identity, or a refusal with the reason told to the device (no secrets in it).
 */
public record AuthOutcome(Identity identity, Refusal refusal, String reason) {
    /** Why a connection is refused; mapped to MQTT CONNACK reason codes by the broker. */
    public enum Refusal {
        /** 0x86: unknown or wrong credentials, a token that does not verify or has expired. */
        BAD_CREDENTIALS,
        /** 0x85: the credentials are good but do not allow this clientId. */
        CLIENT_ID_NOT_ALLOWED,
        /** 0x87: no credentials where they are required. */
        NOT_AUTHORIZED,
        /** 0x9F: too many failed logins from this source address. */
        RATE_LIMITED
    }

    public AuthOutcome {
        if ((identity == null) == (refusal == null)) {
            throw new IllegalArgumentException("exactly one of identity and refusal");
        }
        if (refusal != null) {
            requireNonNull(reason, "reason");
        }
    }

    static AuthOutcome allowed(Identity identity) {
        return new AuthOutcome(requireNonNull(identity, "identity"), null, null);
    }

    static AuthOutcome refused(Refusal refusal, String reason) {
        return new AuthOutcome(null, requireNonNull(refusal, "refusal"), reason);
    }

    public boolean isAllowed() {
        return identity != null;
    }
}
