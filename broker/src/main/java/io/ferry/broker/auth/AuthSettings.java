package io.ferry.broker.auth;

import io.ferry.config.Setting;
import io.ferry.config.SettingGroup;
import io.ferry.config.Validators;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Device authentication settings ({@code ferry.auth.*}, docs/security.md), defined once. */
public final class AuthSettings {
    public static final Setting<Boolean> ANONYMOUS = Setting.bool("ferry.auth.anonymous", true,
            "Whether a device without recognised credentials may connect (as an anonymous device with any clientId).")
            .defaultText("`true` without a provider, else `false`");
    public static final Setting<String> FILE = Setting.string("ferry.auth.file", null,
            "Credentials file (`./ferry device add`); enables password authentication.");
    public static final Setting<String> ACL_FILE = Setting.string("ferry.auth.acl.file", null,
            "Topic rules for non-Ferry topics; without it every non-Ferry topic is open to every device.");
    public static final Setting<String> JWT_SECRET = Setting.password("ferry.auth.jwt.secret",
            "HMAC key (HS256/384/512, at least 32 bytes); enables JWT. Not together with"
            + " `ferry.auth.jwt.secret.file`.");
    public static final Setting<String> JWT_SECRET_FILE = Setting.string("ferry.auth.jwt.secret.file", null,
            "File holding that HMAC key.");
    public static final Setting<String> JWT_PUBLIC_KEY_FILE = Setting.string("ferry.auth.jwt.public.key.file", null,
            "PEM `PUBLIC KEY` (RSA: RS*/PS*, EC: ES*); enables JWT.");
    public static final Setting<String> JWT_JWKS_FILE = Setting.string("ferry.auth.jwt.jwks.file", null,
            "JSON Web Key Set file (reread on change); enables JWT.");
    public static final Setting<String> JWT_CLIENT_ID_CLAIM = Setting.string("ferry.auth.jwt.client.id.claim",
            JwtConfig.DEFAULT_CLIENT_ID_CLAIM, "Claim that must equal the MQTT clientId.");
    public static final Setting<String> JWT_USERNAME_CLAIM = Setting.string("ferry.auth.jwt.username.claim", null,
            "Claim used as the verified username in ACL rules.");
    public static final Setting<String> JWT_ISSUER = Setting.string("ferry.auth.jwt.issuer", null,
            "Required `iss` when set.");
    public static final Setting<String> JWT_AUDIENCE = Setting.string("ferry.auth.jwt.audience", null,
            "Required `aud` when set.");
    public static final Setting<Duration> JWT_CLOCK_SKEW = Setting.duration("ferry.auth.jwt.clock.skew",
            JwtConfig.DEFAULT_CLOCK_SKEW, "Tolerance for `exp` and `nbf` (a negative value counts as 0).");
    public static final Setting<String> X509_CLIENT_ID = Setting.string("ferry.auth.x509.client.id", "none",
            "`cn`: the clientId must equal the client certificate's CN; `san`: one of its SANs. Needs"
            + " `ferry.mqtt.tls.truststore`.").validatedBy(Validators.OneOf.of("none", "cn", "san"));
    public static final Setting<Integer> FAILURES_MAX = Setting.integer("ferry.auth.failures.max",
            AuthConfig.DEFAULT_MAX_FAILURES, 1, 1_000_000,
            "Failed logins from one source address within the window before it is refused outright.");
    public static final Setting<Duration> FAILURES_WINDOW = Setting.duration("ferry.auth.failures.window",
            AuthConfig.DEFAULT_FAILURE_WINDOW, "That window.").validatedBy(Validators.PositiveDuration.POSITIVE);
    public static final Setting<Duration> RELOAD_INTERVAL = Setting.duration("ferry.auth.reload.interval",
            AuthConfig.DEFAULT_RELOAD_INTERVAL, "How soon a changed credentials, ACL or JWKS file is noticed.")
            .validatedBy(Validators.PositiveDuration.NOT_NEGATIVE);
    public static final SettingGroup GROUP = SettingGroup.of("Device authentication",
            "Who may connect to a broker node and as which clientId (docs/security.md \"Device authentication\")."
            + " An unknown `ferry.auth.*` key stops startup, since a typo would leave devices anonymous.",
            ANONYMOUS, FILE, ACL_FILE, JWT_SECRET, JWT_SECRET_FILE, JWT_PUBLIC_KEY_FILE, JWT_JWKS_FILE,
            JWT_CLIENT_ID_CLAIM, JWT_USERNAME_CLAIM, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_SKEW, X509_CLIENT_ID,
            FAILURES_MAX, FAILURES_WINDOW, RELOAD_INTERVAL);
    /** Every key of the group, without the {@code ferry.auth.} prefix. */
    static final Set<String> KEYS = GROUP.settings().stream().map(s -> s.key().substring("ferry.auth.".length()))
            .collect(Collectors.toUnmodifiableSet());

    private AuthSettings() {
    }
}
