package io.ferry.system;

import io.ferry.testing.KafkaFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ScaleOutScenario} against the in-process Kafka that the other system tests share. */
class ScaleOutIT {
    @RegisterExtension
    static final SharedKafka SHARED = new SharedKafka();

    @TempDir
    Path dir;

    @Test
    void shouldSpreadUploadsOverEveryInstanceAndLoseNothingWhenOneOfEachKindStopsMidRun() throws Exception {
        KafkaFixture kafka = SHARED.fixture();
        new ScaleOutScenario(kafka.bootstrapServers(), kafka.admin(), dir, "ScaleOutIT").run();
    }
}
