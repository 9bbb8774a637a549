package io.ferry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3UrisTest {
    @Test
    void shouldRoundTripKeysThroughS3Uris() {
        String key = "pre/%2E%2E/f%25 1/na me#?ü";
        String uri = S3Uris.of("my_bucket.x", key);
        assertThat(uri).startsWith("s3://my_bucket.x/").matches("\\p{ASCII}*");
        assertThat(S3Uris.bucket(uri)).isEqualTo("my_bucket.x");
        assertThat(S3Uris.key(uri)).isEqualTo(key);
    }

    @Test
    void shouldRefuseUrisWithoutKeyOrOfAnotherScheme() {
        assertThatThrownBy(() -> S3Uris.key("s3://bucket/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Uris.key("file:///tmp/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
