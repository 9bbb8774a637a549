package io.ferry.client.cli;

import io.ferry.client.FerryUploader;
import io.ferry.client.FerryUploaderBuilder;
import io.ferry.client.MqttVersion;
import io.ferry.protocol.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Option;

/** Connection options shared by upload, status and abort. */
final class ConnectionOptions {
    @Option(names = {"-b", "--broker"}, paramLabel = "URI",
            defaultValue = "${env:FERRY_BROKER:-" + FerryUploaderBuilder.DEFAULT_BROKER + "}",
            description = "MQTT broker: mqtt://host:1883 or mqtts://host:8883 (env FERRY_BROKER; default ${DEFAULT-VALUE})")
    String broker;

    @Option(names = {"-c", "--client-id"}, paramLabel = "ID", defaultValue = "${env:FERRY_CLIENT_ID}",
            description = "MQTT client id; keep it stable to resume (env FERRY_CLIENT_ID; default ferry-<hostname>)")
    String clientId;

    @Option(names = {"-u", "--username"}, defaultValue = "${env:FERRY_USERNAME}", description = "MQTT username")
    String username;

    @Option(names = {"-p", "--password"}, defaultValue = "${env:FERRY_PASSWORD}", interactive = false,
            description = "MQTT password (env FERRY_PASSWORD is safer than the command line)")
    String password;

    @Option(names = "--mqtt", paramLabel = "3|5", defaultValue = "5", description = "MQTT version (default 5)")
    int mqttVersion;

    @Option(names = "--async", description = "use $file-async/ topics instead of $file/")
    boolean async;

    @Option(names = "--cafile", paramLabel = "PEM", description = "trust these CA certificates for mqtts://")
    Path caFile;

    @Option(names = "--no-status", description = "do not ask Ferry's status extension (plain EMQX server)")
    boolean noStatus;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "give up when the first connection fails for this long (default ${DEFAULT-VALUE})")
    long connectTimeoutSeconds;

    @Option(names = "--fin-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "wait this long for the server to confirm a file (default ${DEFAULT-VALUE})")
    long finTimeoutSeconds;

    FerryUploaderBuilder builder() throws IOException, GeneralSecurityException {
        FerryUploaderBuilder builder = FerryUploader.builder()
                .broker(broker)
                .clientId(clientId == null || clientId.isBlank() ? defaultClientId() : clientId)
                .mqttVersion(MqttVersion.of(mqttVersion))
                .mode(async ? Mode.ASYNC : Mode.SYNC)
                .useStatus(!noStatus)
                .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                .finTimeout(Duration.ofSeconds(finTimeoutSeconds));
        if (username != null && !username.isBlank()) {
            builder.credentials(username, password);
        }
        if (caFile != null) {
            builder.tls(trustManagers(caFile), null);
        }
        return builder;
    }

    /** {@code ferry-<hostname>}: stable on one machine, so re-running an interrupted upload resumes it. */
    static String defaultClientId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "cli");
        }
        return "ferry-" + host.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static TrustManagerFactory trustManagers(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }
}
