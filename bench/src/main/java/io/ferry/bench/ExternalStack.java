package io.ferry.bench;

import java.net.URI;
import java.nio.file.Path;

/**
 * A Ferry the harness did not start ({@code --mqtt mqtt://host:port}): uploads go there, results are checked in
 * {@code --local-root} or the S3 target. The exporter's Kafka reads cannot be observed from here.
 */
record ExternalStack(URI mqtt, Path localRoot, S3Target s3) implements FerryStack {
    ExternalStack {
        if (localRoot == null && s3 == null) {
            throw new IllegalArgumentException("an external stack needs --local-root or --s3-endpoint/--s3-bucket "
                    + "to check the exported files");
        }
    }

    @Override
    public String mqttHost() {
        return mqtt.getHost();
    }

    @Override
    public int mqttPort() {
        return mqtt.getPort() < 0 ? 1883 : mqtt.getPort();
    }

    @Override
    public String description() {
        return "external Ferry at " + mqtt + (localRoot != null ? ", files in " + localRoot : "")
                + (s3 != null ? ", S3 bucket " + s3.bucket() : "");
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
