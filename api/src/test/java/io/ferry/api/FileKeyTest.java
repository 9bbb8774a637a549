package io.ferry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.records.TransferId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FileKeyTest {
    @Test
    void shouldRoundTripCursorWithAnyIdCharacters() {
        FileKey key = new FileKey(1_717_000_000_123L, new TransferId("c/1:x", "f:1 é/").encode());
        String cursor = key.toCursor();
        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(FileKey.fromCursor(cursor)).isEqualTo(key);
    }

    @Test
    void shouldRejectMalformedCursors() {
        for (String bad : new String[] {"!!!", b64("no-colon"), b64(":x"), b64("12:"), b64("abc:x"), "a"}) {
            assertThatThrownBy(() -> FileKey.fromCursor(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldOrderNewestFirstThenByIdDescending() {
        FileKey older = new FileKey(1, "b");
        FileKey newer = new FileKey(2, "a");
        FileKey sameTimeLowerId = new FileKey(2, "0");
        assertThat(newer).isLessThan(older);
        assertThat(newer).isLessThan(sameTimeLowerId);
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
