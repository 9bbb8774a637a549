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
 * The assembler's Transfer as RocksDB and the changelog hold it: a record written before formats had versions
 * ({@code formats/transfer-v0.json}, committed) reads back field by field; today's records carry their version.
 * A change to Transfer's fields that breaks this test needs a new {@link TransferStore#TRANSFER_FORMAT} version and
 * an upgrade step, not an edited sample.
 */
class TransferFormatTest {
    private static final Sha256 SHA = Sha256.parse("ab".repeat(32));

    private static Transfer expected() throws IOException {
        FileMeta meta = new FileMeta("report.bin", 10L, SHA, 1796302923L, 600L, Json.MAPPER.readTree("{\"k\":[1,2]}"));
        return new Transfer(17, TransferState.EXPORTING, meta, 2, List.of(new ByteRange(0, 4), new ByteRange(4, 10)),
                10, 2, new FinRequest(10, SHA),
                List.of(new ReplyTo("dev/1", "$file/file:1/fin/10", 7, "replies/dev", new byte[] {1, 2, 3})),
                1717243300000L, List.of(new OpenPublish("$file/file:1/0", 9, Reason.SUCCESS)), null,
                1717243100000L, 1717243200000L, 1717243150000L, 1717329600000L, null,
                // Fields added after format 0 read back as "none": no aborts waiting, not deleted, no segment age.
                List.of(), null, null);
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = TransferFormatTest.class.getResourceAsStream("/formats/transfer-v0.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void shouldReadTransferWrittenByThePreviousFormat() throws IOException {
        assertThat(TransferStore.TRANSFER_FORMAT.read(sample())).isEqualTo(expected());
    }

    @Test
    void shouldWriteTheFormatVersionAndReadItBack() throws IOException {
        byte[] written = TransferStore.TRANSFER_FORMAT.write(expected());

        assertThat(new String(written, UTF_8)).startsWith("{\"v\":1,\"generation\":17,");
        assertThat(TransferStore.TRANSFER_FORMAT.read(written)).isEqualTo(expected());
    }
}
