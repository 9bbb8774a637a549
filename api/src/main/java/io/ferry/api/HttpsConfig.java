package io.ferry.api;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * HTTPS for the API: when set, the API's port speaks TLS only. The keystore may be JKS or PKCS12.
 *
 * @param keyPassword password of the private key inside the keystore (often the keystore's own)
 */
public record HttpsConfig(Path keystore, String keystorePassword, String keyPassword) {
    public HttpsConfig {
        requireNonNull(keystore, "keystore");
        requireNonNull(keystorePassword, "keystorePassword");
        requireNonNull(keyPassword, "keyPassword");
    }

    /**
     * Null unless {@code ferry.http.tls.keystore} is set; then {@code ferry.http.tls.keystore.password} is required
     * and {@code ferry.http.tls.key.password} defaults to it. The keystore is opened here, so a wrong path or
     * password fails at startup naming the key.
     */
    static HttpsConfig fromSettings(Settings settings) {
        String keystore = settings.get(ApiSettings.HTTPS.keystore());
        if (keystore == null) {
            return null;
        }
        String password = settings.get(ApiSettings.HTTPS.keystorePassword().asRequired());
        if (password == null) {
            return null;
        }
        Path path = Path.of(keystore).toAbsolutePath();
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore.getInstance(KeyStore.getDefaultType()).load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            settings.addError("ferry.http.tls.keystore: cannot open " + path + " with the configured password ("
                    + e.getMessage() + ")");
        }
        String keyPassword = settings.get(ApiSettings.HTTPS.keyPassword());
        return new HttpsConfig(path, password, keyPassword == null ? password : keyPassword);
    }

    @Override
    public String toString() {
        return "HttpsConfig[keystore=" + keystore + ", keystorePassword=******, keyPassword=******]";
    }
}
