package io.ferry.broker;

import static java.util.Objects.requireNonNull;

import io.ferry.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

/**
 * The broker's MQTT-over-TLS listener, next to the plain one (which a co-located bridge keeps using). Keystores may be
 * JKS or PKCS12 (the JDK reads either under either type).
 *
 * @param port               TLS port; 0 picks a free port, reported by {@link FerryBroker#tlsPort()}
 * @param keyPassword        password of the private key inside the keystore (often the keystore's own)
 * @param truststore         certificates that may sign client certificates, or null for server-only TLS
 * @param clientAuth         whether devices must present a client certificate signed by the truststore
 */
public record MqttTlsConfig(int port, String bindAddress, Path keystore, String keystorePassword, String keyPassword,
                            Path truststore, String truststorePassword, ClientAuth clientAuth) {
    public static final int DEFAULT_PORT = 8883;

    /** HiveMQ's {@code client-authentication-mode}. */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    public MqttTlsConfig {
        requireNonNull(bindAddress, "bindAddress");
        requireNonNull(keystore, "keystore");
        requireNonNull(keystorePassword, "keystorePassword");
        requireNonNull(keyPassword, "keyPassword");
        requireNonNull(clientAuth, "clientAuth");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if ((truststore == null) != (truststorePassword == null)) {
            throw new IllegalArgumentException("truststore and truststorePassword go together");
        }
        if (truststore == null && clientAuth != ClientAuth.NONE) {
            throw new IllegalArgumentException("client authentication " + clientAuth + " needs a truststore");
        }
    }

    /** Server-only TLS with one keystore whose key has the keystore's password. */
    public static MqttTlsConfig of(int port, String bindAddress, Path keystore, String password) {
        return new MqttTlsConfig(port, bindAddress, keystore, password, password, null, null, ClientAuth.NONE);
    }

    /**
     * Null unless {@code ferry.mqtt.tls.keystore} is set. Keys: {@code ferry.mqtt.tls.port} (8883),
     * {@code .host} (default {@code ferry.mqtt.host}), {@code .keystore}, {@code .keystore.password},
     * {@code .key.password} (default the keystore password), {@code .truststore}, {@code .truststore.password},
     * {@code .client.auth} (none, optional, required; default required with a truststore, else none). The stores
     * are opened here, so a wrong path or password fails at startup naming the key.
     */
    static MqttTlsConfig fromSettings(Settings settings, String defaultBindAddress) {
        String keystore = settings.get(BrokerSettings.MQTT_TLS_KEY.keystore());
        int port = settings.get(BrokerSettings.MQTT_TLS.port());
        if (keystore == null) {
            if (settings.isSet(BrokerSettings.MQTT_TLS.port())) {
                settings.addError("ferry.mqtt.tls.keystore: required when ferry.mqtt.tls.port is set");
            }
            return null;
        }
        String password = settings.get(BrokerSettings.MQTT_TLS_KEY.keystorePassword().asRequired());
        String keyPassword = settings.isSet(BrokerSettings.MQTT_TLS_KEY.keyPassword())
                ? settings.get(BrokerSettings.MQTT_TLS_KEY.keyPassword()) : password;
        String truststore = settings.get(BrokerSettings.MQTT_TLS_TRUSTSTORE);
        String truststorePassword = truststore == null ? null
                : settings.get(BrokerSettings.MQTT_TLS_TRUSTSTORE_PASSWORD.asRequired());
        ClientAuth clientAuth = clientAuth(settings, truststore != null);
        if (password != null) {
            checkStore(settings, "ferry.mqtt.tls.keystore", Path.of(keystore), password);
        }
        if (truststorePassword != null) {
            checkStore(settings, "ferry.mqtt.tls.truststore", Path.of(truststore), truststorePassword);
        }
        settings.validate();
        String host = settings.get(BrokerSettings.MQTT_TLS_HOST);
        return new MqttTlsConfig(port, host == null ? defaultBindAddress : host,
                Path.of(keystore).toAbsolutePath(), password, keyPassword,
                truststore == null ? null : Path.of(truststore).toAbsolutePath(), truststorePassword, clientAuth);
    }

    public MqttTlsConfig withPort(int newPort) {
        return new MqttTlsConfig(newPort, bindAddress, keystore, keystorePassword, keyPassword, truststore,
                truststorePassword, clientAuth);
    }

    private static ClientAuth clientAuth(Settings settings, boolean haveTruststore) {
        String raw = settings.get(BrokerSettings.MQTT_TLS_CLIENT_AUTH);
        if (raw == null) {
            return haveTruststore ? ClientAuth.REQUIRED : ClientAuth.NONE;
        }
        ClientAuth mode = ClientAuth.valueOf(raw.toUpperCase(Locale.ROOT));
        if (mode != ClientAuth.NONE && !haveTruststore) {
            settings.addError("ferry.mqtt.tls.client.auth: '" + raw + "' needs ferry.mqtt.tls.truststore");
            return ClientAuth.NONE;
        }
        return mode;
    }

    private static void checkStore(Settings settings, String key, Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore.getInstance(KeyStore.getDefaultType()).load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            settings.addError(key + ": cannot open " + file + " with the configured password (" + e.getMessage()
                    + ")");
        }
    }

    @Override
    public String toString() {
        return "MqttTlsConfig[port=" + port + ", bindAddress=" + bindAddress + ", keystore=" + keystore
                + ", keystorePassword=******, keyPassword=******, truststore=" + truststore
                + ", truststorePassword=" + (truststorePassword == null ? "null" : "******") + ", clientAuth="
                + clientAuth + "]";
    }
}
