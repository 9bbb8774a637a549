package io.ferry.exporter;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server with one bucket for a test class ({@code @RegisterExtension static final S3Bucket
 * S3 = new S3Bucket("name");}), and a client of it; both closed after the class's tests.
 */
final class S3Bucket implements BeforeAllCallback, AfterAllCallback {
    private final String bucket;
    private S3Server server;
    private S3Client client;

    S3Bucket(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = S3Server.startNew();
        server.createBucket(bucket);
        client = server.client();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The server, to stop and start it around an outage. */
    S3Server server() {
        return server;
    }

    S3Client client() {
        return client;
    }
}
