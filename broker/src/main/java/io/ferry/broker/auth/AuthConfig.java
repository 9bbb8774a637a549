package io.ferry.broker.auth;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Setting;
import io.ferry.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Device authentication and topic permissions of a broker node ({@code ferry.auth.*}, see docs/security.md).
 * Nothing configured means the laptop default: anonymous devices with any clientId, no topic ACL.
 *
 * @param anonymous      whether a device without credentials may connect (default: only when no provider is set)
 * @param credentials    credentials file ({@code ferry.auth.file}), or null
 * @param jwt            JWT settings ({@code ferry.auth.jwt.*}), or null
 * @param x509           how a client certificate binds the clientId ({@code ferry.auth.x509.client.id}), or null
 * @param aclFile        topic rules for all non-Ferry topics ({@code ferry.auth.acl.file}), or null for none
 * @param maxFailures    failed logins per source address and window before it is refused outright
 * @param failureWindow  that window
 * @param reloadInterval how often changed credentials, ACL and JWKS files are noticed
 */
public record AuthConfig(boolean anonymous, Path credentials, JwtConfig jwt, CertificateBinding x509,
                         Path aclFile, int maxFailures, Duration failureWindow, Duration reloadInterval) {
    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

    public AuthConfig {
        requireNonNull(failureWindow, "failureWindow");
        requireNonNull(reloadInterval, "reloadInterval");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1: " + maxFailures);
        }
        if (failureWindow.isNegative() || failureWindow.isZero()) {
            throw new IllegalArgumentException("failureWindow must be positive: " + failureWindow);
        }
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reloadInterval must not be negative: " + reloadInterval);
        }
    }

    /** {@code ./ferry run}'s default: anyone may connect, as any clientId. */
    public static AuthConfig anonymousOnly() {
        return new AuthConfig(true, null, null, null, null, DEFAULT_MAX_FAILURES, DEFAULT_FAILURE_WINDOW,
                DEFAULT_RELOAD_INTERVAL);
    }

    public boolean hasProvider() {
        return credentials != null || jwt != null || x509 != null;
    }

    /** Reads {@code ferry.auth.*}; files are opened and parsed here so a bad one fails at startup naming its key. */
    public static AuthConfig fromSettings(Settings settings) {
        settings.withPrefix("ferry.auth.").keySet().stream().filter(key -> !AuthSettings.KEYS.contains(key)).sorted()
                .forEach(key -> settings.addError("ferry.auth." + key + ": unknown setting (docs/security.md)"));
        Path credentials = checkedFile(settings, AuthSettings.FILE, CredentialsFile::parse);
        Path acl = checkedFile(settings, AuthSettings.ACL_FILE, Acl::parse);
        JwtConfig jwt = jwt(settings);
        CertificateBinding x509 = x509(settings);
        boolean anyProvider = credentials != null || jwt != null || x509 != null;
        boolean anonymous = settings.get(AuthSettings.ANONYMOUS.withDefault(!anyProvider));
        int maxFailures = settings.get(AuthSettings.FAILURES_MAX);
        Duration window = settings.get(AuthSettings.FAILURES_WINDOW);
        Duration reload = settings.get(AuthSettings.RELOAD_INTERVAL);
        return new AuthConfig(anonymous, credentials, jwt, x509, acl, maxFailures, window, reload);
    }

    private static CertificateBinding x509(Settings settings) {
        String raw = settings.get(AuthSettings.X509_CLIENT_ID).toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "cn" -> CertificateBinding.CN;
            case "san" -> CertificateBinding.SAN;
            default -> null;
        };
    }

    private static JwtConfig jwt(Settings settings) {
        byte[] secret = jwtSecret(settings);
        Path publicKey = checkedFile(settings, AuthSettings.JWT_PUBLIC_KEY_FILE, text -> null);
        Path jwks = checkedFile(settings, AuthSettings.JWT_JWKS_FILE, JwtProvider::parseJwks);
        if (secret == null && publicKey == null && jwks == null) {
            return null;
        }
        if (publicKey != null) {
            try {
                JwtProvider.publicKeyJwk(publicKey);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                settings.addError("ferry.auth.jwt.public.key.file: " + e.getMessage());
            }
        }
        if (secret != null && secret.length < JwtConfig.MIN_SECRET_BYTES) {
            settings.addError("ferry.auth.jwt.secret: must be at least " + JwtConfig.MIN_SECRET_BYTES + " bytes");
            secret = null;
            if (publicKey == null && jwks == null) {
                return null;
            }
        }
        Duration skew = settings.get(AuthSettings.JWT_CLOCK_SKEW);
        return new JwtConfig(secret, publicKey, jwks, settings.get(AuthSettings.JWT_CLIENT_ID_CLAIM),
                settings.get(AuthSettings.JWT_USERNAME_CLAIM), settings.get(AuthSettings.JWT_ISSUER),
                settings.get(AuthSettings.JWT_AUDIENCE), skew.isNegative() ? Duration.ZERO : skew);
    }

    private static byte[] jwtSecret(Settings settings) {
        String inline = settings.get(AuthSettings.JWT_SECRET);
        Path file = checkedFile(settings, AuthSettings.JWT_SECRET_FILE, text -> null);
        if (inline != null && file != null) {
            settings.addError("ferry.auth.jwt.secret: set it or ferry.auth.jwt.secret.file, not both");
        }
        if (file != null) {
            try {
                return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                settings.addError("ferry.auth.jwt.secret.file: cannot read " + file);
                return null;
            }
        }
        return inline == null ? null : inline.getBytes(StandardCharsets.UTF_8);
    }

    /** The path under {@code key}, or null; an error naming the key when it cannot be read or parsed. */
    private static Path checkedFile(Settings settings, Setting<String> setting, Function<String, ?> parser) {
        String key = setting.key();
        String raw = settings.get(setting);
        if (raw == null) {
            return null;
        }
        Path file = Path.of(raw).toAbsolutePath();
        try {
            parser.apply(Files.readString(file));
        } catch (IOException e) {
            settings.addError(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            settings.addError(key + ": " + file + ": " + e.getMessage());
        }
        return file;
    }

    /** One line for the startup log: what a device must present. */
    public String describe() {
        if (!hasProvider()) {
            return anonymous
                    ? "Device authentication is OFF: anonymous devices may connect with any clientId (laptop"
                      + " default; see docs/security.md to require credentials)"
                    : "Device authentication: no provider and ferry.auth.anonymous=false, so no device can connect";
        }
        List<String> providers = new ArrayList<>();
        if (x509 != null) {
            providers.add("x509 (clientId = certificate " + x509.name() + ")");
        }
        if (credentials != null) {
            providers.add("credentials file " + credentials);
        }
        if (jwt != null) {
            providers.add("JWT (clientId claim '" + jwt.clientIdClaim() + "')");
        }
        return "Device authentication ON: " + String.join(", ", providers) + "; anonymous "
                + (anonymous ? "ALLOWED" : "refused") + "; topic ACL " + (aclFile == null ? "none" : aclFile);
    }
}
