package io.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTopicTest {
    private static final Sha256 SUM = Sha256.digest("x".getBytes(StandardCharsets.UTF_8));

    @Test
    void built_topics_parse_back_to_the_same_levels() {
        CommandTopic base = CommandTopic.of(Mode.ASYNC, "cam-1.log");
        for (CommandTopic built : List.of(base.init(), base.segment(0, null), base.segment(42, SUM), base.fin(7, null),
                base.fin(7, SUM), base.abort(), base.status())) {
            assertThat(CommandTopic.parse(built.topic())).isEqualTo(built);
        }
        assertThat(base.fin(7, SUM).topic()).isEqualTo("$file-async/cam-1.log/fin/7/" + SUM.hex());
        assertThat(base.segment(42, null).topic()).isEqualTo("$file-async/cam-1.log/42");
    }

    @Test
    void built_topics_are_what_the_parser_reads_as_commands() {
        CommandTopic base = CommandTopic.of(Mode.SYNC, "f");
        assertThat(CommandParser.parse(base.init().topic(), "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Init.class);
        assertThat(CommandParser.parse(base.fin(3, SUM).topic(), new byte[0])).isEqualTo(new Fin("f", 3, SUM));
        assertThat(CommandParser.parse(base.status().topic(), new byte[0])).isEqualTo(new Status("f"));
    }

    @Test
    void parse_refuses_what_is_not_a_command_with_the_protocol_reason() {
        assertThatThrownBy(() -> CommandTopic.parse("devices/x"))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(Reason.INVALID_FILE_COMMAND);
        assertThatThrownBy(() -> CommandTopic.parse("$file//init"))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(Reason.INVALID_FILEID);
        assertThatThrownBy(() -> CommandTopic.parse("$file/only-an-id"))
                .extracting(e -> ((ProtocolException) e).reason()).isEqualTo(Reason.INVALID_FILE_COMMAND);
    }

    @Test
    void isInit_matches_only_an_init_of_one_fileId_level() {
        assertThat(CommandTopic.isInit("$file/a/init")).isTrue();
        assertThat(CommandTopic.isInit("$file-async/a/init")).isTrue();
        assertThat(CommandTopic.isInit("$file//init")).isFalse();
        assertThat(CommandTopic.isInit("$file/a/b/init")).isFalse();
        assertThat(CommandTopic.isInit("$file/a/0")).isFalse();
        assertThat(CommandTopic.isInit("other/a/init")).isFalse();
    }

    @Test
    void maxTopicBytes_bounds_every_segment_topic() {
        CommandTopic base = CommandTopic.of(Mode.SYNC, "ü-file");
        int longest = base.segment(Long.MAX_VALUE, SUM).topic().getBytes(StandardCharsets.UTF_8).length;
        assertThat(base.maxTopicBytes()).isGreaterThanOrEqualTo(longest);
    }

    @Test
    void a_fileId_spanning_levels_cannot_be_built() {
        assertThatThrownBy(() -> CommandTopic.of(Mode.SYNC, "a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fileId");
        assertThatThrownBy(() -> CommandTopic.of(Mode.SYNC, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
