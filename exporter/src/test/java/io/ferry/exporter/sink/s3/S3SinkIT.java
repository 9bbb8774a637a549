package io.ferry.exporter.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.exporter.S3Server;
import io.ferry.exporter.sink.ExportFile;
import io.ferry.exporter.sink.SinkWrite;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Location;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class S3SinkIT {
    private static final long MIB = 1024 * 1024;
    private static S3Server server;
    private static S3Client client;
    private static S3Sink sink;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.startNew();
        server.createBucket("sink-tests");
        client = server.client();
        sink = new S3Sink("s3", new S3SinkConfig(server.endpoint(), "sink-tests", "us-east-1", "", S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, true, 6 * MIB, 5 * MIB, 1, false, Duration.ofSeconds(30)), server.client());
    }

    @AfterAll
    static void stop() throws Exception {
        sink.close();
        client.close();
        server.close();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static ExportFile file(String fileId, byte[] content) {
        return new ExportFile(new TransferId("c", fileId), FileMeta.named("x.bin"), content.length, null);
    }

    @Test
    void shouldLeaveNoObjectAndNoUploadWhenMultipartIsAborted() {
        byte[] content = random((int) (11 * MIB));
        ExportFile file = file("aborted", content);
        SinkWrite write = sink.begin(file);
        write.write(ByteBuffer.wrap(content));
        write.abort();

        assertThat(client.listObjectsV2(r -> r.bucket("sink-tests").prefix("c/aborted/")).contents()).isEmpty();
        assertThat(client.listMultipartUploads(r -> r.bucket("sink-tests")).uploads()).isEmpty();
        assertThat(sink.peakBufferedBytes()).isLessThanOrEqualTo(6 * MIB);
    }

    @Test
    void shouldFindIdenticalObjectOnlyWithSameSizeAndDigest() {
        byte[] content = random(1000);
        ExportFile file = file("same", content);
        assertThat(sink.findIdentical(file, Sha256.digest(content))).isEmpty();
        Location location;
        try (SinkWrite write = sink.begin(file)) {
            write.write(ByteBuffer.wrap(content));
            location = write.commit(Sha256.digest(content));
        }

        assertThat(sink.findIdentical(file, Sha256.digest(content))).contains(location);
        assertThat(sink.findIdentical(file, Sha256.digest(new byte[1]))).isEmpty();
        assertThat(sink.findIdentical(file("f1", content), Sha256.digest(content))).isEmpty();
    }

    @Test
    void shouldReadRangeAndDelete() throws Exception {
        byte[] content = random(5000);
        ExportFile file = file("ranged", content);
        Location location;
        try (SinkWrite write = sink.begin(file)) {
            write.write(ByteBuffer.wrap(content));
            location = write.commit(Sha256.digest(content));
        }

        try (InputStream in = sink.store().open(location, new ByteRange(100, 150))) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 150));
        }
        assertThat(sink.store().delete(location)).isTrue();
        assertThat(sink.store().delete(location)).isFalse();
    }
}
