package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpTextTest {
    @Test
    void shouldEncodeSlashColonAndUnicodeInPathSegments() {
        assertThat(HttpText.pathSegment("c/1")).isEqualTo("c%2F1");
        assertThat(HttpText.pathSegment("f:1 é+")).isEqualTo("f%3A1%20%C3%A9%2B");
        assertThat(HttpText.pathSegment("a-b_c.d~")).isEqualTo("a-b_c.d~");
    }

    @Test
    void shouldGiveAsciiFallbackAndRfc5987NameInContentDisposition() {
        assertThat(HttpText.contentDisposition("report.txt"))
                .isEqualTo("attachment; filename=\"report.txt\"; filename*=UTF-8''report.txt");
        assertThat(HttpText.contentDisposition("Grüße \"x\".txt"))
                .isEqualTo("attachment; filename=\"Gr__e _x_.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.txt");
        assertThat(HttpText.contentDisposition("日本.bin"))
                .isEqualTo("attachment; filename=\"__.bin\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.bin");
    }

    @Test
    void shouldKeepRfc5987AttrCharsUnencoded() {
        assertThat(HttpText.contentDisposition("a!#$&+^`|~-._b")).endsWith("UTF-8''a!#$&+^`|~-._b");
        assertThat(HttpText.contentDisposition("a;b,c'd")).endsWith("UTF-8''a%3Bb%2Cc%27d");
    }

    @Test
    void shouldGuessContentTypeFromNameWithOctetStreamFallback() {
        assertThat(HttpText.contentType("log.TXT")).isEqualTo("text/plain");
        assertThat(HttpText.contentType("a.json")).isEqualTo("application/json");
        assertThat(HttpText.contentType("photo.jpeg")).isEqualTo("image/jpeg");
        assertThat(HttpText.contentType("firmware.img.unknownext")).isEqualTo(HttpText.OCTET_STREAM);
        assertThat(HttpText.contentType("noext")).isEqualTo(HttpText.OCTET_STREAM);
        assertThat(HttpText.contentType("trailingdot.")).isEqualTo(HttpText.OCTET_STREAM);
    }
}
