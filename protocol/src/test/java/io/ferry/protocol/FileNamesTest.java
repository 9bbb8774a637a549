package io.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EMQX's escaping table (`emqx_ft_fs_util:escape_filename/1`), and that escaping is reversible and never yields a path element. */
class FileNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "100%.file|100%25.file",
        "..|%2E%2E",
        ".|%2E",
        "...|...",
        "/etc/passwd|%2Fetc%2Fpasswd",
        "c:1|c%3A1",
        "a\\b|a%5Cb",
        "🌚|🌚",
    })
    void shouldEscapeLikeEmqx(String input, String escaped) {
        assertThat(FileNames.escape(input)).isEqualTo(escaped);
        assertThat(FileNames.unescape(escaped)).isEqualTo(input);
    }

    @ParameterizedTest
    @CsvSource({"%2e%2e,..", "%2fetc,/etc"})
    void shouldUnescapeLowercaseHex(String escaped, String raw) {
        assertThat(FileNames.unescape(escaped)).isEqualTo(raw);
    }

    @org.junit.jupiter.api.Test
    void shouldEscapeControlCharactersPerUtf8Byte() {
        assertThat(FileNames.escape("\u0001\u0002\n ")).isEqualTo("%01%02%0A ");
        assertThat(FileNames.escape("\u0085")).isEqualTo("%C2%85");
    }

    @Property
    void escapingRoundTripsAndNeverYieldsASeparatorOrDotName(@ForAll String id) {
        String escaped = FileNames.escape(id);

        assertThat(FileNames.unescape(escaped)).isEqualTo(id);
        assertThat(escaped).doesNotContain("/", "\\", "\u0000").isNotIn(".", "..");
    }

    @Property
    void escapingIsInjective(@ForAll String a, @ForAll String b) {
        if (!a.equals(b)) {
            assertThat(FileNames.escape(a)).isNotEqualTo(FileNames.escape(b));
        }
    }
}
