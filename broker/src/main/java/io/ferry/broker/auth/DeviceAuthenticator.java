package io.ferry.broker.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every CONNECT: a source over its failed-login budget is refused first; then the first provider that
 * recognises what the device presented decides (client certificate, then a username in the credentials file, then a
 * JWT as password); a device nothing recognises is anonymous if that is allowed. Failures are logged with clientId,
 * username, source and reason, never a password or token.
 */
public final class DeviceAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);

    private final AuthConfig config;
    private final List<Provider> providers = new ArrayList<>();
    private final LoginThrottle throttle;

    /** Loads the configured files and keys; throws IllegalArgumentException or UncheckedIOException if bad. */
    public DeviceAuthenticator(AuthConfig config, Clock clock) {
        this.config = config;
        if (config.x509() != null) {
            providers.add(new X509Provider(config.x509()));
        }
        if (config.credentials() != null) {
            providers.add(new PasswordProvider(new ReloadingFile<>(config.credentials(), CredentialsFile::parse,
                    clock, config.reloadInterval())));
        }
        if (config.jwt() != null) {
            providers.add(new JwtProvider(config.jwt(), clock, config.reloadInterval()));
        }
        this.throttle = new LoginThrottle(config.maxFailures(), config.failureWindow(), clock);
    }

    public AuthOutcome authenticate(ConnectAttempt attempt) {
        if (throttle.blocked(attempt.source())) {
            LOG.debug("Refused login from blocked source clientId={} source={}", attempt.clientId(),
                    attempt.source());
            return AuthOutcome.refused(AuthOutcome.Refusal.RATE_LIMITED, "too many failed logins; retry later");
        }
        for (Provider provider : providers) {
            Optional<AuthOutcome> outcome = provider.authenticate(attempt);
            if (outcome.isPresent()) {
                return settle(attempt, provider.name(), outcome.get());
            }
        }
        if (config.anonymous()) {
            return AuthOutcome.allowed(Identity.anonymous(attempt.clientId()));
        }
        AuthOutcome refused = attempt.username() != null || attempt.password() != null
                ? AuthOutcome.refused(AuthOutcome.Refusal.BAD_CREDENTIALS, "unknown credentials")
                : AuthOutcome.refused(AuthOutcome.Refusal.NOT_AUTHORIZED, "credentials required");
        return settle(attempt, "none", refused);
    }

    private AuthOutcome settle(ConnectAttempt attempt, String provider, AuthOutcome outcome) {
        if (outcome.isAllowed()) {
            throttle.succeeded(attempt.source());
            LOG.debug("Authenticated clientId={} username={} source={} provider={}", attempt.clientId(),
                    outcome.identity().username(), attempt.source(), provider);
            return outcome;
        }
        LOG.warn("Refused login clientId={} username={} source={} provider={} reason={}", attempt.clientId(),
                attempt.username(), attempt.source(), provider, outcome.reason());
        if (throttle.failed(attempt.source())) {
            LOG.warn("Too many failed logins from source={}: refusing it for {}", attempt.source(),
                    config.failureWindow());
        }
        return outcome;
    }
}
