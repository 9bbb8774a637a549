package io.ferry.config;

import static java.util.Objects.requireNonNull;

/**
 * A TLS listener's server key, named the same way for every TLS listener: {@code <prefix>.keystore},
 * {@code <prefix>.keystore.password} and {@code <prefix>.key.password}.
 *
 * @param keystore         JKS or PKCS12 file with the key and certificate; setting it enables TLS
 * @param keystorePassword required with a keystore
 * @param keyPassword      the private key's password, default the keystore's
 */
public record KeystoreSettings(Setting<String> keystore, Setting<String> keystorePassword,
                               Setting<String> keyPassword) {
    public KeystoreSettings {
        requireNonNull(keystore, "keystore");
        requireNonNull(keystorePassword, "keystorePassword");
        requireNonNull(keyPassword, "keyPassword");
    }

    public static KeystoreSettings of(String prefix, String what) {
        return new KeystoreSettings(
                Setting.string(prefix + ".keystore", null, "JKS or PKCS12 keystore with the key and certificate of "
                        + what + "; setting it enables TLS. Opened at start, so a wrong path or password fails"
                        + " naming this key."),
                Setting.password(prefix + ".keystore.password", "Password of that keystore (required with it).")
                        .defaultText("(required with a keystore)"),
                Setting.password(prefix + ".key.password", "Password of the private key inside the keystore.")
                        .defaultText("the keystore password"));
    }
}
