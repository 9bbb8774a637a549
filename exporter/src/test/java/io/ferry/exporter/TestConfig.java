package io.ferry.exporter;

import io.ferry.exporter.sink.s3.S3SinkConfig;
import io.ferry.records.Topics;
import io.ferry.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Exporter settings for tests: fast retries, short timeouts, unique group and transactional ids. */
final class TestConfig {
    String bootstrap;
    Topics topics;
    String groupId = KafkaFixture.uniqueId("exporter");
    List<String> sinks = List.of(ExporterConfig.LOCAL);
    Path root;
    S3SinkConfig s3;
    int concurrency = 2;
    Duration retryInitial = Duration.ofMillis(100);
    Duration retryMax = Duration.ofMillis(400);
    Duration deadline = Duration.ofMinutes(2);
    int fetchBytes = ExporterConfig.DEFAULT_READER_FETCH_BYTES;
    long skipBytes = 2L * ExporterConfig.DEFAULT_READER_FETCH_BYTES;
    RetentionConfig retention = RetentionConfig.defaults();
    StreamConfig stream = StreamConfig.defaults();

    TestConfig(String bootstrap, Topics topics, Path root) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.root = root;
    }

    ExporterConfig build() {
        return new ExporterConfig(bootstrap, topics, groupId, KafkaFixture.uniqueId("exporter-tx"), sinks, root,
                s3, concurrency, retryInitial, retryMax, deadline, fetchBytes, skipBytes, Duration.ofSeconds(10),
                Map.of(), Map.of(), retention, stream);
    }
}
