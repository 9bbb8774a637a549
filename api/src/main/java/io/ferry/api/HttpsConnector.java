package io.ferry.api;

import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Replaces Javalin's plain connector with a TLS one on the same host and port (Javalin adds its default connector
 * only when none was added), so an API with a keystore never also answers plain HTTP.
 */
final class HttpsConnector {
    private HttpsConnector() {
    }

    static Consumer<JavalinConfig> forConfig(ApiConfig config) {
        HttpsConfig https = config.https();
        if (https == null) {
            return javalin -> { };
        }
        return javalin -> javalin.jetty.addConnector((server, httpConfiguration) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(https.keystore().toString());
            ssl.setKeyStorePassword(https.keystorePassword());
            ssl.setKeyManagerPassword(https.keyPassword());
            // Requests then carry scheme https and the secure flag; no SNI is required of clients.
            httpConfiguration.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(httpConfiguration));
            connector.setHost(config.host());
            connector.setPort(config.port());
            return connector;
        });
    }
}
