package io.ferry.exporter;

import io.ferry.testing.S3ServerProcess;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server in this JVM: S3Proxy (Jetty) over jclouds' in-memory blob store. {@link #stop()} and
 * {@link #start()} take the HTTP endpoint down and up again on the same port while the stored objects survive, which
 * is how tests simulate an S3 outage.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = S3ServerProcess.ACCESS_KEY;
    public static final String SECRET_KEY = S3ServerProcess.SECRET_KEY;
    private final BlobStoreContext context;
    private S3Proxy proxy;
    private int port;

    private S3Server() {
        Properties overrides = new Properties();
        context = ContextBuilder.newBuilder(new TransientApiMetadata()).credentials("identity", "credential").overrides(overrides)
                .build(BlobStoreContext.class);
    }

    public static S3Server startNew() throws Exception {
        S3Server server = new S3Server();
        server.start();
        return server;
    }

    public synchronized void start() throws Exception {
        if (proxy != null) {
            return;
        }
        S3Proxy next = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .jettyMaxThreads(24)
                .build();
        next.start();
        while (!"STARTED".equals(next.getState())) {
            if ("FAILED".equals(next.getState())) {
                throw new IllegalStateException("S3Proxy failed to start");
            }
            Thread.onSpinWait();
        }
        port = next.getPort();
        proxy = next;
    }

    public synchronized void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket(bucket));
        }
    }

    /** A plain client for assertions. */
    public S3Client client() {
        return S3ServerProcess.client(endpoint());
    }

    @Override
    public void close() throws Exception {
        stop();
        context.close();
    }
}
