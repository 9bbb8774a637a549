package io.ferry.bench;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The Ferry under test, wherever it runs: where devices connect (its embedded broker also carries the raw-MQTT
 * baseline), where exported files land, and what the exporter read from Kafka if that can be observed.
 */
interface FerryStack extends AutoCloseable {
    String mqttHost();

    int mqttPort();

    default String mqttUri() {
        return "mqtt://" + mqttHost() + ":" + mqttPort();
    }

    /** The local sink's root, or null when this stack exports only to S3. */
    Path localRoot();

    /** The S3 sink's target, or null when this stack does not export to S3. */
    S3Target s3();

    /** Bytes the exporter's segment readers have fetched from Kafka so far; empty when not observable. */
    default OptionalLong exporterKafkaBytes() {
        // Only a stack in this JVM can read the exporter's consumer metrics.
        return OptionalLong.empty();
    }

    /** What runs, for the report. */
    String description();

    @Override
    void close();
}
