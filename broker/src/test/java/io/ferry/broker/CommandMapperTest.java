package io.ferry.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.CommandKind;
import io.ferry.records.CommandRecord;
import io.ferry.records.CommandRecordCodec;
import io.ferry.protocol.Init;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Response;
import io.ferry.protocol.Segment;
import io.ferry.protocol.Sha256;
import io.ferry.records.TransferId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandMapperTest {
    private static final long NOW = 1_700_000_000_000L;
    private final CommandMapper mapper = new CommandMapper(1000, 100, IngressLimits.DEFAULT_MAX_INIT_BYTES);

    @Test
    void shouldForwardInitWithReplyInfoOfTheConnection() {
        Outcome outcome = mapper.map(new Incoming("dev-1", "$file/f1/init", "{\"name\":\"a.txt\"}".getBytes(UTF_8), 42, "my/replies", new byte[] {7, 8}), NOW);

        CommandRecord record = forwarded(outcome).get(0);
        assertThat(record.command()).isInstanceOfSatisfying(Init.class,
                init -> assertThat(init.meta().name()).isEqualTo("a.txt"));
        assertThat(record.replyTo()).isEqualTo(new ReplyTo("dev-1", "$file/f1/init", 42, "my/replies",
                new byte[] {7, 8}));
        assertThat(record.receivedAt()).isEqualTo(NOW);
        assertThat(record.transferId()).isEqualTo(new TransferId("dev-1", "f1"));
        assertThat(record.parts()).isEqualTo(1);
    }

    @Test
    void shouldAnswerWithTopicAndPacketIdWhenTopicIsInvalid() {
        Outcome outcome = mapper.map(new Incoming("dev", "$file/f1/a/b/c", new byte[0], 9, null, null), NOW);

        Response response = ((Outcome.Reject) outcome).response().response();
        assertThat(response.reasonDescription()).isEqualTo("invalid_file_command");
        assertThat(response.reasonCode()).isEqualTo(128);
        assertThat(response.topic()).isEqualTo("$file/f1/a/b/c");
        assertThat(response.packetId()).isEqualTo(9);
        assertThat(((Outcome.Reject) outcome).response().replyTo().replyTopic()).isEqualTo("$file-response/dev");
    }

    @Test
    void shouldRejectInvalidFilemetaJsonWhenInitIsNotJson() {
        assertThat(rejected(mapper.map(new Incoming("dev", "$file/f1/init", "{nope".getBytes(UTF_8), 1, null, null), NOW))).isEqualTo(Reason.INVALID_FILEMETA_JSON);
    }

    @Test
    void shouldRejectInvalidFilemetaWithoutParsingWhenInitIsLargerThanLimit() {
        CommandMapper small = new CommandMapper(1000, 100, 64);
        String meta = "{\"name\":\"a.txt\",\"user_data\":\"" + "x".repeat(33) + "\"}";
        String tooBig = "{\"name\":\"a.txt\",\"user_data\":\"" + "x".repeat(34) + "\"}";

        assertThat(forwarded(small.map(new Incoming("dev", "$file/f1/init", meta.getBytes(UTF_8), 1, null, null), NOW))).hasSize(1);
        assertThat(rejected(small.map(new Incoming("dev", "$file-async/f1/init", tooBig.getBytes(UTF_8), 1, null, null), NOW))).isEqualTo(Reason.INVALID_FILEMETA);
        assertThat(rejected(small.map(new Incoming("dev", "$file/f1/init", "{".repeat(100).getBytes(UTF_8), 1, null, null), NOW))).isEqualTo(Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldKeepGrammarReasonsWhenLargePayloadIsNotAnInit() {
        CommandMapper small = new CommandMapper(1000, 100, 64);
        byte[] large = new byte[500];

        assertThat(rejected(small.map(new Incoming("dev", "$file//init", large, 1, null, null), NOW)))
                .isEqualTo(Reason.INVALID_FILEID);
        assertThat(forwarded(small.map(new Incoming("dev", "$file/init/0", large, 1, null, null), NOW)))
                .hasSize(5);
        assertThat(rejected(small.map(new Incoming("dev", "$file/a/b/init", large, 1, null, null), NOW)))
                .isEqualTo(Reason.INVALID_OFFSET);
    }

    @Test
    void shouldRejectChecksumMismatchWhenSegmentBytesDoNotMatch() {
        String wrong = Sha256.digest("other".getBytes(UTF_8)).toString();

        assertThat(rejected(mapper.map(new Incoming("dev", "$file/f1/0/" + wrong, "data".getBytes(UTF_8), 1, null, null), NOW))).isEqualTo(Reason.CHECKSUM_MISMATCH);
    }

    @Test
    void shouldRejectSegmentTooLargeWhenAboveMaxSegmentSize() {
        assertThat(rejected(mapper.map(new Incoming("dev", "$file/f1/0", new byte[1001], 1, null, null),
                NOW))).isEqualTo(Reason.SEGMENT_TOO_LARGE);
    }

    @Test
    void shouldKeepSegmentWholeWhenAtSubSegmentSize() {
        List<CommandRecord> records = forwarded(mapper.map(new Incoming("dev", "$file/f1/500", new byte[100], 1, null, null), NOW));

        assertThat(records).hasSize(1);
        assertThat(((Segment) records.get(0).command()).offset()).isEqualTo(500);
        assertThat(records.get(0).isLastPart()).isTrue();
    }

    @Test
    void shouldSplitIntoPartsAtTheirOwnOffsetsWhenAboveSubSegmentSize() {
        byte[] payload = new byte[250];
        new Random(1).nextBytes(payload);
        String checksum = Sha256.digest(payload).toString();

        List<CommandRecord> records = forwarded(mapper.map(new Incoming("dev", "$file/f1/1000/" + checksum, payload, 3, null, null), NOW));

        assertThat(records).hasSize(3);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < records.size(); i++) {
            CommandRecord record = records.get(i);
            Segment part = (Segment) record.command();
            assertThat(record.command().kind()).isEqualTo(CommandKind.SEGMENT);
            assertThat(record.part()).isEqualTo(i);
            assertThat(record.parts()).isEqualTo(3);
            assertThat(part.offset()).isEqualTo(1000 + 100L * i);
            assertThat(record.replyTo().topic()).isEqualTo("$file/f1/1000/" + checksum);
            joined.writeBytes(part.payloadBytes());
        }
        assertThat(((Segment) records.get(2).command()).length()).isEqualTo(50);
        assertThat(records.get(2).isLastPart()).isTrue();
        assertThat(joined.toByteArray()).isEqualTo(payload);
    }

    @Test
    void shouldEncodeTheSegmentFromHiveMqsReadOnlyBufferWithoutConsumingIt() {
        // HiveMQ hands out a read-only view at some position of its own buffer; the ingress keeps that view (no copy).
        byte[] framed = "xxhelloyy".getBytes(UTF_8);
        ByteBuffer view = ByteBuffer.wrap(framed, 2, 5).slice().asReadOnlyBuffer();
        String checksum = Sha256.digest("hello".getBytes(UTF_8)).toString();

        CommandRecord record = forwarded(mapper.map(new Incoming("dev", "$file/f1/0/" + checksum, view, 1, null, null),
                NOW)).get(0);

        assertThat(((Segment) record.command()).payloadBytes()).isEqualTo("hello".getBytes(UTF_8));
        assertThat(view.remaining()).isEqualTo(5);
        CommandRecord decoded = CommandRecordCodec.decode(CommandRecordCodec.encode(record));
        assertThat(((Segment) decoded.command()).payloadBytes()).isEqualTo("hello".getBytes(UTF_8));
        assertThat(rejected(mapper.map(new Incoming("dev", "$file/f1/0/" + checksum,
                ByteBuffer.wrap(framed, 2, 4).slice().asReadOnlyBuffer(), 1, null, null), NOW)))
                .isEqualTo(Reason.CHECKSUM_MISMATCH);
    }

    private static List<CommandRecord> forwarded(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Forward.class);
        return ((Outcome.Forward) outcome).records();
    }

    private static Reason rejected(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Reject.class);
        return Reason.fromDescription(((Outcome.Reject) outcome).response().response().reasonDescription());
    }
}
