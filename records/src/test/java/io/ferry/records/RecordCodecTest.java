package io.ferry.records;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.Abort;
import io.ferry.protocol.ByteRange;
import io.ferry.protocol.Command;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.FileMetaParser;
import io.ferry.protocol.Fin;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.Status;
import io.ferry.protocol.TransferState;
import io.ferry.protocol.TransferStatus;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Every Kafka record of the topic table in docs/architecture.md "Shape" survives its codec unchanged. */
class RecordCodecTest {
    private static final ReplyTo REPLY = new ReplyTo("dev/1", "$file/f:1/0", 7, "resp/x", new byte[] {1, 2});

    @Test
    void shouldRoundTripEveryCommandKind() {
        FileMeta meta = FileMetaParser.parse("{\"name\":\"a\",\"size\":3,\"user_data\":{\"k\":\"v\"}}"
                .getBytes(UTF_8));
        List<Command> commands = List.of(new Init("f:1", meta), Segment.of("f:1", 5, null, new byte[] {9, 8, 7}),
                new Fin("f:1", 3, Sha256.digest(new byte[3])), new Fin("f:1", 0, null), new Abort("f:1"),
                new Status("f:1"));
        for (Command command : commands) {
            CommandRecord record = CommandRecord.of(REPLY, 1234L, command);

            assertThat(CommandRecordCodec.decode(CommandRecordCodec.encode(record))).isEqualTo(record);
        }
    }

    @Property
    void shouldRoundTripSegmentPartsWithAnyPayload(@ForAll @Size(max = 2048) byte[] payload,
                                                    @ForAll @StringLength(min = 1, max = 40) String fileId) {
        CommandRecord record = new CommandRecord(REPLY, 1L, Segment.of(fileId, 10, null, payload), 1, 3);

        CommandRecord decoded = CommandRecordCodec.decode(CommandRecordCodec.encode(record));

        assertThat(decoded).isEqualTo(record);
        assertThat(((Segment) decoded.command()).payloadBytes()).isEqualTo(payload);
        assertThat(decoded.isLastPart()).isFalse();
    }

    @Test
    void shouldRoundTripJsonRecords() {
        TransferId id = new TransferId("c/1", "f:1");
        Sha256 sha = Sha256.digest(new byte[] {1});
        Manifest manifest = new Manifest(id, 2, FileMeta.named("x"), 10, sha, 3,
                List.of(new SegmentPointer(100, 0, 4), new SegmentPointer(90, 4, 6)), List.of(REPLY), 99);
        assertThat(FerrySerdes.manifests().deserializer().deserialize("t",
                FerrySerdes.manifests().serializer().serialize("t", manifest))).isEqualTo(manifest);

        CatalogEntry entry = new CatalogEntry("c/1", "f:1", "x", 10, sha, FileMeta.named("x"), 5,
                List.of(new Location("local", "file:///tmp/x")));
        assertThat(roundTrip(FerrySerdes.catalog(), entry)).isEqualTo(entry);

        TransferStatus status = new TransferStatus(TransferState.RECEIVING, List.of(new ByteRange(0, 4)), 4, 10L,
                List.of(new ByteRange(4, 10)));
        ResponseRecord response = ResponseRecord.of(REPLY, Reason.INCOMPLETE, status);
        assertThat(roundTrip(FerrySerdes.responses(), response)).isEqualTo(response);

        ExportOutcome outcome = new ExportOutcome(id, 2, Reason.CHECKSUM_MISMATCH, null, "bad", 7);
        assertThat(roundTrip(FerrySerdes.outcomes(), outcome)).isEqualTo(outcome);
    }

    @Test
    void shouldWriteResponseJsonInEmqxShape() {
        String json = new String(Response.of(REPLY, Reason.SUCCESS).toJson(), UTF_8);

        assertThat(json).isEqualTo("{\"vsn\":\"0.1\",\"topic\":\"$file/f:1/0\",\"packet_id\":7,\"reason_code\":0,"
                + "\"reason_description\":\"success\"}");
    }

    @Test
    void shouldWriteTransferStatusRangesAsPairs() {
        TransferStatus status = new TransferStatus(TransferState.RECEIVING, List.of(new ByteRange(0, 4)), 4, null,
                null);
        String json = new String(Response.of(REPLY, Reason.SUCCESS, status).toJson(), UTF_8);

        assertThat(json).contains("\"transfer\":{\"state\":\"receiving\",\"received\":[[0,4]],\"bytes\":4}");
    }

    @Test
    void shouldKeepTombstonesNull() {
        assertThat(FerrySerdes.catalog().serializer().serialize("t", null)).isNull();
        assertThat(FerrySerdes.catalog().deserializer().deserialize("t", null)).isNull();
    }

    private static <T> T roundTrip(org.apache.kafka.common.serialization.Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }
}
