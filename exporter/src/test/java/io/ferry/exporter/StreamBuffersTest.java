package io.ferry.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exporter.sink.s3.S3SinkConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The part buffers a stream reserves against ferry.exporter.stream.max.buffer.bytes. */
class StreamBuffersTest {
    private static final long MIB = 1024 * 1024;
    private static final S3SinkConfig S3 = new S3SinkConfig(null, "bucket", "us-east-1", "", null, null, true,
            16 * MIB, 8 * MIB, 2, false, Duration.ofMinutes(5));

    @Test
    void shouldReservePartBuffersThatGrowWithTheFileOnlyAbove72GiB() {
        assertThat(StreamBuffers.bytes(S3, 10 * MIB)).as("single PUT buffers the file").isEqualTo(10 * MIB);
        assertThat(StreamBuffers.bytes(S3, 2048 * MIB)).isEqualTo(16 * MIB);
        assertThat(StreamBuffers.bytes(S3, 72_000 * MIB)).isEqualTo(16 * MIB);
        long size = 180_000 * MIB;
        assertThat(StreamBuffers.bytes(S3, size)).isEqualTo(2 * ((size + 8999) / 9000));
        assertThat(StreamBuffers.bytes(S3, 6L * 1024 * 1024 * MIB)).as("beyond S3's 5 TiB").isEqualTo(Long.MAX_VALUE);
    }
}
