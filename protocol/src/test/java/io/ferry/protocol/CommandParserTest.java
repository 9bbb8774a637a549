package io.ferry.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** One test per row of docs/protocol.md §2 (EMQX's topic grammar in {@code emqx_ft.erl}), in both prefixes. */
class CommandParserTest {
    private static final byte[] INIT = "{\"name\":\"a.txt\"}".getBytes(UTF_8);
    private static final byte[] DATA = "hello".getBytes(UTF_8);
    private static final String DATA_SHA = Sha256.digest(DATA).hex();

    @ParameterizedTest
    @ValueSource(strings = {"$file/", "$file-async/"})
    void shouldParseInitWhenTopicEndsWithInit(String prefix) {
        Command command = CommandParser.parse(prefix + "f1/init", INIT);

        assertThat(command).isEqualTo(new Init("f1", FileMeta.named("a.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$file/", "$file-async/"})
    void shouldParseSegmentWhenLevelIsOffset(String prefix) {
        Segment segment = (Segment) CommandParser.parse(prefix + "f1/007", DATA);

        assertThat(segment.offset()).isEqualTo(7);
        assertThat(segment.checksum()).isNull();
        assertThat(segment.payloadBytes()).isEqualTo(DATA);
    }

    @Test
    void shouldParseABufferAtItsPositionWithoutConsumingIt() {
        ByteBuffer buffer = ByteBuffer.wrap("--hello".getBytes(UTF_8)).position(2).asReadOnlyBuffer();

        Segment segment = (Segment) CommandParser.parse("$file/f1/3/" + DATA_SHA, buffer);
        Init init = (Init) CommandParser.parse("$file/f1/init", ByteBuffer.wrap(INIT).asReadOnlyBuffer());

        assertThat(segment.payloadBytes()).isEqualTo(DATA);
        assertThat(buffer.position()).isEqualTo(2);
        assertThat(init).isEqualTo(new Init("f1", FileMeta.named("a.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$file/", "$file-async/"})
    void shouldParseSegmentWithChecksumInAnyCase(String prefix) {
        Segment segment = (Segment) CommandParser.parse(prefix + "f1/10/" + DATA_SHA.toUpperCase(), DATA);

        assertThat(segment.offset()).isEqualTo(10);
        assertThat(segment.checksum()).isEqualTo(Sha256.parse(DATA_SHA));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$file/", "$file-async/"})
    void shouldParseFinWithAndWithoutChecksum(String prefix) {
        assertThat(CommandParser.parse(prefix + "f1/fin/42", new byte[0])).isEqualTo(new Fin("f1", 42, null));
        assertThat(CommandParser.parse(prefix + "f1/fin/0/" + DATA_SHA, new byte[0]))
                .isEqualTo(new Fin("f1", 0, Sha256.parse(DATA_SHA)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$file/", "$file-async/"})
    void shouldParseAbortAndStatus(String prefix) {
        assertThat(CommandParser.parse(prefix + "f1/abort", DATA)).isEqualTo(new Abort("f1"));
        assertThat(CommandParser.parse(prefix + "f1/status", new byte[0])).isEqualTo(new Status("f1"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "$file/fileid, invalid_file_command",
        "$file/fileid/, invalid_offset",
        "$file/fileid/offset, invalid_offset",
        "$file/fileid/fin, invalid_offset",
        "$file/fileid/fin/offset, invalid_size",
        "$file/fileid/fin/42/xyz, invalid_checksum",
        "$file/fileid/fin/42/, invalid_checksum",
        "$file/fileid/fin/-1, invalid_size",
        "$file/fileid/fin/+1, invalid_size",
        "$file/fileid/fin/1/2/3, invalid_file_command",
        "$file/, invalid_fileid",
        "$file//init, invalid_fileid",
        "$file/X/Y/Z, invalid_offset",
        "$file/X/1/Y/Z, invalid_file_command",
        "$file/fileid/init/x, invalid_offset",
        "$file/fileid/abort/x, invalid_offset",
        "$file/fileid/-5, invalid_offset",
        "$file/fileid/99999999999999999999, invalid_offset",
        "$file/fileid/5/abc, invalid_checksum",
        "$file-async/fileid, invalid_file_command",
        "$file-async//init, invalid_fileid",
    })
    void shouldRejectMalformedTopicsLikeEmqx(String topic, String reason) {
        assertThatThrownBy(() -> CommandParser.parse(topic, DATA))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason().description()).isEqualTo(reason));
    }

    @Test
    void shouldRejectTopicWithoutFilePrefix() {
        assertThatThrownBy(() -> CommandParser.parse("$file", DATA))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_FILE_COMMAND));
        assertThat(Mode.isCommandTopic("$file")).isFalse();
        assertThat(Mode.isCommandTopic("$file-response/c1")).isFalse();
    }

    @Test
    void shouldAnswerChecksumMismatchWhenSegmentPayloadDiffersFromTopicChecksum() {
        assertThatThrownBy(() -> CommandParser.parse("$file/f1/0/" + DATA_SHA, "other".getBytes(UTF_8)))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH));
    }

    @Test
    void shouldCheckOffsetBeforeChecksumFormat() {
        assertThatThrownBy(() -> CommandParser.parse("$file/f1/x/nothex", DATA))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_OFFSET));
    }

    @Test
    void shouldRejectSegmentWhoseEndOverflowsWhenOffsetIsNearLongMax() {
        assertThatThrownBy(() -> CommandParser.parse("$file/f1/" + (Long.MAX_VALUE - 2), DATA))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_OFFSET));
        assertThat(((Segment) CommandParser.parse("$file/f1/" + Long.MAX_VALUE, new byte[0])).end())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldAcceptEmptySegment() {
        Segment segment = (Segment) CommandParser.parse("$file/f1/0", new byte[0]);

        assertThat(segment.length()).isZero();
    }

    @Test
    void shouldIgnoreFinAndAbortPayloads() {
        assertThat(CommandParser.parse("$file/f1/fin/3", "garbage".getBytes(UTF_8))).isEqualTo(new Fin("f1", 3, null));
    }

    @Test
    void shouldKeepUnicodeFileIds() {
        assertThat(CommandParser.parse("$file/🌚/init", INIT).fileId()).isEqualTo("🌚");
    }
}
