package io.ferry.assembler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.protocol.ByteRange;
import io.ferry.protocol.FileMeta;
import io.ferry.protocol.Json;
import io.ferry.protocol.Reason;
import io.ferry.protocol.ReplyTo;
import io.ferry.protocol.Sha256;
import io.ferry.protocol.TransferState;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Today's Transfer format byte for byte: {@code formats/transfer-v1.json} was written by the code before Transfer's
 * fields were grouped, with every field set, so a change in how Transfer is built cannot change what RocksDB and the
 * changelog hold (running deployments read it back). A deliberate change of the format is a new
 * {@link TransferStore#TRANSFER_FORMAT} version with an upgrade step, and a new sample, never an edited one.
 */
class TransferSampleTest {
    private static final Sha256 SHA = Sha256.parse("ab".repeat(32));
    private static final Sha256 OTHER = Sha256.parse("cd".repeat(32));

    static Transfer everyFieldSet() throws IOException {
        FileMeta meta = new FileMeta("report.bin", 10L, SHA, 1796302923L, 600L, Json.MAPPER.readTree("{\"k\":[1,2]}"));
        ReplyTo fin = new ReplyTo("dev/1", "$file/file:1/fin/10", 7, "replies/dev", new byte[] {1, 2, 3});
        ReplyTo abort = new ReplyTo("dev/1", "$file/file:1/abort", 8, null, null);
        return new Transfer(17, TransferState.EXPORTED, meta, 2, List.of(new ByteRange(0, 4), new ByteRange(6, 10)),
                8, 2, new FinRequest(10, SHA), List.of(fin), 1717243300000L,
                List.of(new OpenPublish("$file/file:1/0", 9, Reason.SUCCESS)), OTHER, 1717243100000L,
                1717243200000L, 1717243150000L, 1717329600000L, 1717243210000L, List.of(abort), 1717243220000L,
                1717243110000L);
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = TransferSampleTest.class.getResourceAsStream("/formats/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldWriteExactlyTheCommittedSample() throws IOException {
        assertThat(new String(TransferStore.TRANSFER_FORMAT.write(everyFieldSet()), UTF_8))
                .isEqualTo(new String(sample("transfer-v1.json"), UTF_8));
    }

    @Test
    void shouldReadTheCommittedSampleBack() throws IOException {
        assertThat(TransferStore.TRANSFER_FORMAT.read(sample("transfer-v1.json"))).isEqualTo(everyFieldSet());
    }

    @Test
    void shouldWriteANewTransferExactlyAsTheCommittedSample() throws IOException {
        // Every optional field unset: written as null or [], never left out.
        Transfer started = Transfer.start(5, 0, 1717243100000L);

        assertThat(new String(TransferStore.TRANSFER_FORMAT.write(started), UTF_8))
                .isEqualTo(new String(sample("transfer-v1-started.json"), UTF_8));
        assertThat(TransferStore.TRANSFER_FORMAT.read(sample("transfer-v1-started.json"))).isEqualTo(started);
    }
}
