package io.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a response goes (docs/protocol.md §3): the one rule, {@link ReplyTo#deliverableTopic}. */
class ReplyTopicRuleTest {
    private static ReplyTo from(String clientId, String responseTopic) {
        return new ReplyTo(clientId, "$file/f/init", 1, responseTopic, null);
    }

    @Test
    void no_or_empty_response_topic_goes_to_the_devices_own_topic() {
        assertThat(from("cam-1", null).deliverableTopic(t -> true)).isEqualTo("$file-response/cam-1");
        assertThat(from("cam-1", "").deliverableTopic(t -> true)).isEqualTo("$file-response/cam-1");
    }

    @Test
    void a_topic_the_device_may_publish_to_is_used() {
        assertThat(from("cam-1", "devices/cam-1/replies").deliverableTopic(t -> t.startsWith("devices/cam-1/")))
                .isEqualTo("devices/cam-1/replies");
    }

    @Test
    void a_topic_the_acl_denies_falls_back_to_the_own_topic() {
        assertThat(from("cam-1", "devices/victim-1/cmd").deliverableTopic(t -> t.startsWith("devices/cam-1/")))
                .isEqualTo("$file-response/cam-1");
    }

    @Test
    void ferry_topics_are_never_a_reply_topic_whatever_the_acl_says() {
        for (String topic : new String[] {"$file-response/other", "$file-response", "$file/x/init", "$file-async/x/0",
                "$file", "$file-async"}) {
            assertThat(from("cam-1", topic).deliverableTopic(t -> true)).as(topic).isEqualTo("$file-response/cam-1");
        }
        assertThat(from("cam-1", "$file-response/cam-1").deliverableTopic(t -> false))
                .isEqualTo("$file-response/cam-1");
    }

    @Test
    void namespace_predicates() {
        assertThat(FerryMqtt.COMMAND_ROOTS).containsExactlyInAnyOrder("$file", "$file-async");
        assertThat(FerryMqtt.isFerryTopic("$file/#")).isTrue();
        assertThat(FerryMqtt.isFerryTopic("$file-responses/x")).isFalse();
        assertThat(FerryMqtt.isFerryTopic("$filex/y")).isFalse();
        assertThat(FerryMqtt.isResponseTopic("$file-response/+")).isTrue();
        assertThat(FerryMqtt.isCommandFilter("$file-async/+/init")).isTrue();
        assertThat(FerryMqtt.isCommandFilter("$file-response/a")).isFalse();
        assertThat(FerryMqtt.isBareCommandRoot("$file")).isTrue();
        assertThat(FerryMqtt.isBareCommandRoot("$file/")).isFalse();
        assertThat(FerryMqtt.isBareCommandRoot("$file-response")).isFalse();
        assertThat(FerryMqtt.isBareCommandRoot("$files")).isFalse();
    }
}
