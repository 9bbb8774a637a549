package io.ferry.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EMQX's init validation (`emqx_ft_schema`, docs/protocol.md §2), row by row. */
class FileMetaParserTest {
    private static FileMeta parse(String json) {
        return FileMetaParser.parse(json.getBytes(UTF_8));
    }

    private static void assertRejected(String json, Reason reason) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void shouldReadEveryDocumentedField() {
        String sha = "ab".repeat(32);
        FileMeta meta = parse("{\"name\":\"ml-logs-data.log\",\"size\":12345,\"checksum\":\"" + sha.toUpperCase()
                + "\",\"expire_at\":1696659943,\"segments_ttl\":600,\"user_data\":{\"k\":[1,2]}}");

        assertThat(meta.name()).isEqualTo("ml-logs-data.log");
        assertThat(meta.size()).isEqualTo(12345);
        assertThat(meta.checksum()).isEqualTo(Sha256.parse(sha));
        assertThat(meta.expireAt()).isEqualTo(1696659943L);
        assertThat(meta.segmentsTtl()).isEqualTo(600);
        assertThat(meta.userData().get("k").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void shouldTreatNullsAsAbsent() {
        assertThat(parse("{\"name\":\"a\",\"size\":null,\"checksum\":null,\"user_data\":null}"))
                .isEqualTo(FileMeta.named("a"));
    }

    @Test
    void shouldCoerceNumericStringsToIntegers() {
        assertThat(parse("{\"name\":\"a\",\"size\":\"42\"}").size()).isEqualTo(42);
    }

    @Test
    void shouldAcceptAnyJsonAsUserData() {
        assertThat(parse("{\"name\":\"a\",\"user_data\":\"text\"}").userData().asText()).isEqualTo("text");
        assertThat(parse("{\"name\":\"a\",\"user_data\":[1]}").userData().isArray()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"146%", "🌚", "中文.txt", ".hidden", "...", "a b"})
    void shouldAcceptNastyButSafeNames(String name) {
        assertThat(parse("{\"name\":\"" + name + "\"}").name()).isEqualTo(name);
    }

    @Test
    void shouldAcceptNameOf240BytesAndRejectLonger() {
        assertThat(parse("{\"name\":\"" + "a".repeat(240) + "\"}").name()).hasSize(240);
        assertRejected("{\"name\":\"" + "a".repeat(241) + "\"}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"" + "é".repeat(121) + "\"}", Reason.INVALID_FILEMETA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../nice", "/etc/passwd", "a\\\\b", "c:d", "tab\\there", "del\\u007f",
        "c1\\u0085"})
    void shouldRejectUnsafeNames(String name) {
        assertRejected("{\"name\":\"" + name + "\"}", Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldRejectUnknownKeys() {
        assertRejected("{\"foo\":\"bar\"}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"foo\":1}", Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldRejectMissingOrNonStringName() {
        assertRejected("{}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":42}", Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldRejectWrongFieldTypesAndRanges() {
        assertRejected("{\"name\":\"a\",\"size\":-1}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"size\":1.5}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"size\":\"x\"}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"segments_ttl\":0}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"expire_at\":-1}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"checksum\":\"abc\"}", Reason.INVALID_FILEMETA);
        assertRejected("{\"name\":\"a\",\"checksum\":\"" + "g".repeat(64) + "\"}", Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldRejectNonObjectJsonAsInvalidFilemeta() {
        assertRejected("[1,2]", Reason.INVALID_FILEMETA);
        assertRejected("\"name\"", Reason.INVALID_FILEMETA);
        assertRejected("42", Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldRejectNonJsonAsInvalidFilemetaJson() {
        assertRejected("{oops;", Reason.INVALID_FILEMETA_JSON);
        assertRejected("", Reason.INVALID_FILEMETA_JSON);
    }

    @Test
    void shouldRejectTrailingDataAfterTheObjectAsInvalidFilemetaJson() {
        assertRejected("{\"name\":\"a\"}{", Reason.INVALID_FILEMETA_JSON);
        assertRejected("{\"name\":\"a\"} x", Reason.INVALID_FILEMETA_JSON);
        assertRejected("{\"name\":\"a\"}{\"name\":\"b\"}", Reason.INVALID_FILEMETA_JSON);
        assertThat(parse("{\"name\":\"a\"}\n")).isEqualTo(FileMeta.named("a"));
    }

    @Test
    void shouldCompareMetaByValueIgnoringKeyOrder() {
        assertThat(parse("{\"name\":\"a\",\"size\":1,\"user_data\":{\"x\":1,\"y\":2}}"))
                .isEqualTo(parse("{\"user_data\":{\"y\":2,\"x\":1},\"size\":1,\"name\":\"a\"}"));
        assertThat(parse("{\"name\":\"a\",\"user_data\":1}")).isNotEqualTo(parse("{\"name\":\"a\",\"user_data\":1.0}"));
    }

    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    @Test
    void shouldAcceptUserDataAtTheDepthAndSizeLimits() {
        FileMeta deep = parse("{\"name\":\"a\",\"user_data\":" + nested(FileMetaParser.MAX_USER_DATA_DEPTH) + "}");
        assertThat(deep.userData().isArray()).isTrue();
        // {"s":"..."} is 8 bytes of JSON around the text.
        String text = "x".repeat(FileMetaParser.MAX_USER_DATA_BYTES - 8);
        assertThat(parse("{\"name\":\"a\",\"user_data\":{\"s\":\"" + text + "\"}}").userData().get("s")
                .asText()).hasSize(text.length());
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 100, 997, 998})
    void shouldRejectUserDataNestedDeeperThanTheLimit(int levels) {
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"user_data\":" + nested(levels) + "}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_FILEMETA);
                    assertThat(e.getMessage()).contains("user_data nests deeper than 32 levels");
                });
    }

    @Test
    void shouldRejectDeepUserDataInsideObjects() {
        String deep = "{\"k\":".repeat(40) + "1" + "}".repeat(40);
        assertRejected("{\"name\":\"a\",\"user_data\":{\"ok\":[1,2]," + "\"deep\":" + deep + "}}",
                Reason.INVALID_FILEMETA);
    }

    @Test
    void shouldRejectUserDataLargerThanTheLimit() {
        String text = "x".repeat(FileMetaParser.MAX_USER_DATA_BYTES - 7);
        assertThatThrownBy(() -> parse("{\"name\":\"a\",\"user_data\":{\"s\":\"" + text + "\"}}"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_FILEMETA);
                    assertThat(e.getMessage()).contains("user_data is larger than 16384 bytes");
                });
    }
}
