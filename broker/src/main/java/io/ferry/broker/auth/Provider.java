package io.ferry.broker.auth;

import java.util.Optional;

/** One way to prove an identity; empty when the attempt carries nothing this provider judges. */
interface Provider {
    String name();

    Optional<AuthOutcome> authenticate(ConnectAttempt attempt);
}
