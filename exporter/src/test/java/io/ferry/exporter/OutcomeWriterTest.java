package io.ferry.exporter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.records.CatalogEntry;
import io.ferry.records.ExportOutcome;
import io.ferry.records.FerrySerdes;
import io.ferry.protocol.FileMeta;
import io.ferry.records.Location;
import io.ferry.records.Manifest;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.records.ResponseRecord;
import io.ferry.records.SegmentPointer;
import io.ferry.protocol.Sha256;
import io.ferry.records.Topics;
import io.ferry.records.TransferEvent;
import io.ferry.records.TransferId;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutcomeWriterTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final TransferId ID = new TransferId("dev-1", "f1");
    private static final ReplyTo FIN_A = new ReplyTo("dev-1", "$file/f1/fin/4", 7, null, null);
    private static final ReplyTo FIN_B = new ReplyTo("dev-1", "$file-async/f1/fin/4", 9, "replies/x",
            new byte[] {1});
    private static final Manifest MANIFEST = new Manifest(ID, 3, FileMeta.named("a.bin"), 4, null, 2,
            List.of(new SegmentPointer(10, 0, 4)), List.of(FIN_A, FIN_B), 1000);

    @Test
    void shouldPublishCatalogEventResponsesAndOutcomeOnSuccess() {
        Sha256 sha = Sha256.digest(new byte[4]);
        ExportResult result = ExportResult.success(MANIFEST, sha,
                List.of(new Location("local", "file:///x/dev-1/f1/a.bin")), ReadStats.NONE);

        List<ProducerRecord<byte[], byte[]>> records = OutcomeWriter.records(result, TOPICS, 5000);

        assertThat(records).extracting(ProducerRecord::topic).containsExactly(TOPICS.files(), TOPICS.events(),
                TOPICS.responses(), TOPICS.responses(), TOPICS.exported());
        assertThat(records).allSatisfy(r -> assertThat(r.partition()).isNull());
        CatalogEntry entry = FerrySerdes.catalog().deserializer().deserialize("", records.get(0).value());
        assertThat(entry.transferId()).isEqualTo(ID);
        assertThat(entry.sha256()).isEqualTo(sha);
        assertThat(entry.exportedAt()).isEqualTo(5000);
        assertThat(records.get(0).key()).isEqualTo(ID.encodeBytes());
        TransferEvent event = FerrySerdes.events().deserializer().deserialize("", records.get(1).value());
        assertThat(event.type()).isEqualTo(TransferEvent.Type.COMPLETED);
        ResponseRecord second = FerrySerdes.responses().deserializer().deserialize("", records.get(3).value());
        assertThat(second.replyTo()).isEqualTo(FIN_B);
        assertThat(second.response().reasonCode()).isZero();
        assertThat(records.get(3).key()).isEqualTo("dev-1".getBytes(UTF_8));
        ExportOutcome outcome = FerrySerdes.outcomes().deserializer().deserialize("", records.get(4).value());
        assertThat(outcome.generation()).isEqualTo(3);
        assertThat(outcome.sha256()).isEqualTo(sha);
        assertThat(records.get(4).key()).isEqualTo(ID.encodeBytes());
    }

    @Test
    void shouldPublishNoCatalogEntryAndAnswerChecksumMismatchOnMismatch() {
        ExportResult result = ExportResult.failure(MANIFEST, Reason.CHECKSUM_MISMATCH, "expected x", ReadStats.NONE);

        List<ProducerRecord<byte[], byte[]>> records = OutcomeWriter.records(result, TOPICS, 5000);

        assertThat(records).extracting(ProducerRecord::topic).doesNotContain(TOPICS.files());
        ResponseRecord response = FerrySerdes.responses().deserializer().deserialize("", records.get(1).value());
        assertThat(response.response().reasonDescription()).isEqualTo("checksum_mismatch");
        assertThat(response.response().reasonCode()).isEqualTo(0x80);
        TransferEvent event = FerrySerdes.events().deserializer().deserialize("", records.get(0).value());
        assertThat(event.type()).isEqualTo(TransferEvent.Type.FAILED);
        assertThat(event.reason()).isEqualTo("checksum_mismatch");
        ExportOutcome outcome = FerrySerdes.outcomes().deserializer().deserialize("",
                records.get(records.size() - 1).value());
        assertThat(outcome.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH);
        assertThat(outcome.sha256()).isNull();
    }
}
