package io.ferry.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.protocol.ReplyTo;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TransferIdTest {
    @Property
    void encodingIsUnambiguous(@ForAll @StringLength(min = 1, max = 30) String clientId,
                               @ForAll @StringLength(min = 1, max = 30) String fileId) {
        TransferId id = new TransferId(clientId, fileId);

        assertThat(TransferId.decode(id.encode())).isEqualTo(id);
        assertThat(TransferId.decode(id.encodeBytes())).isEqualTo(id);
    }

    @Test
    void shouldNotConfuseIdsThatConcatenateAlike() {
        assertThat(new TransferId("ab", "c").encode()).isNotEqualTo(new TransferId("a", "bc").encode());
    }

    @Test
    void shouldRejectGarbage() {
        assertThatThrownBy(() -> TransferId.decode("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferId.decode("9:abc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldIgnoreResponseTopicsInOtherClientsNamespace() {
        assertThat(new ReplyTo("a", "$file/f/init", 1, "$file-response/b", null).replyTopic())
                .isEqualTo("$file-response/a");
        assertThat(new ReplyTo("a", "$file/f/init", 1, "my/replies", null).replyTopic()).isEqualTo("my/replies");
        assertThat(new ReplyTo("a", "$file/f/init", 1, null, null).replyTopic()).isEqualTo("$file-response/a");
    }
}
